using System.Text.RegularExpressions;
using Romp.Tests.Support;

namespace Romp.Tests.Samples;

/// <summary>
/// Runs samples/Resilience end to end from the copy of its build next to the tests (the test project copies it to
/// resilience/): it kills and restarts its own server child twice, and exits 0 only if its client came back each time.
/// Its own deadline (20 s) ends it before this test's.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed partial class ResilienceSampleTests
{
    [Test]
    public async Task Run_ServerChildKilledTwice_ReconnectsTwiceAndExitsZero(CancellationToken cancellationToken)
    {
        string sample = Path.Combine(AppContext.BaseDirectory, "resilience", "Resilience.dll");
        Assert.That(File.Exists(sample), Is.True, $"{sample} is missing: the test project copies the sample's build output there");

        (int exitCode, string output) = await ChildProcess.RunAsync(ChildProcess.DotnetHost(), [sample], cancellationToken);

        Assert.That(exitCode, Is.EqualTo(0), output);
        string[] states = StateChange().Matches(output).Select(static m => m.Groups["change"].Value).ToArray();
        Assert.That(states, Is.EqualTo(new[]
        {
            "Connecting -> Connected",
            "Connected -> Reconnecting", "Reconnecting -> Connected",
            "Connected -> Reconnecting", "Reconnecting -> Connected",
            "Connected -> Closed",
        }), output);
        Assert.That(output, Does.Contain("2 failed, 2 sent again, 2 waited for a reconnect; 2 reconnects"), output);
    }

    // "  4.286  state     Reconnecting -> Connected": the time, then the change; a reason may follow.
    [GeneratedRegex(@"^\s*[0-9.]+\s+state\s+(?<change>\w+ -> \w+)", RegexOptions.Multiline)]
    private static partial Regex StateChange();
}
