using System.Globalization;
using System.Text.RegularExpressions;
using Romp.Diagnostics;
using Romp.Protocol;
using Romp.Tests.Support;

namespace Romp.Tests.Diagnostics;

/// <summary>
/// One line of a conversation trace, parsed: <c>time pid role#id -&gt;|&lt;- TYPE [call N|ping N] text (payload P B, frame F B)</c>,
/// or <c>(hello 12 B)</c> at the end of a HELLO line. A line that does not have that shape fails the test that reads it.
/// </summary>
public sealed partial record TraceLine(int ProcessId, string Who, bool Sent, string Type, uint CallId, string Text, int Payload, int Frame)
{
    private static readonly Dictionary<string, byte> s_types = Enum.GetValues<FrameType>().ToDictionary(FrameSummary.TypeName, static t => (byte)t);

    /// <summary>The frame as the wire carries it (type, call id, payload length): what a <see cref="FaultProxy"/> sees pass.</summary>
    public ProxyFrame Wire => new((uint)Payload, s_types[Type], CallId);

    public bool IsHello => Type == "HELLO";

    public static TraceLine Parse(string line)
    {
        Match m = Shape().Match(line);
        Assert.That(m.Success, Is.True, $"not a trace line: {line}");
        bool hello = m.Groups["hello"].Success;
        return new TraceLine(
            int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture),
            m.Groups["who"].Value,
            m.Groups["dir"].Value == "->",
            m.Groups["type"].Value,
            m.Groups["call"].Success ? uint.Parse(m.Groups["call"].Value, CultureInfo.InvariantCulture) : 0,
            m.Groups["text"].Value,
            hello ? 0 : int.Parse(m.Groups["payload"].Value, CultureInfo.InvariantCulture),
            hello ? 12 : int.Parse(m.Groups["frame"].Value, CultureInfo.InvariantCulture));
    }

    public override string ToString() => $"{Who} {(Sent ? "->" : "<-")} {Type} {CallId} {Text} ({Payload}/{Frame} B)";

    [GeneratedRegex(@"^\d\d:\d\d:\d\d\.\d{6} (?<pid>\d+) (?<who>[a-z]+#\d+) (?<dir>->|<-) (?<type>[A-Z_0-9]+) +(?:(?:call|ping) (?<call>\d+) *)?(?<text>.*?)  \((?:(?<hello>hello 12 B)|payload (?<payload>\d+) B, frame (?<frame>\d+) B)\)$")]
    private static partial Regex Shape();
}
