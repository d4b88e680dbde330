namespace Romp.Fuzz.Target;

/// <summary>
/// Watches every call that reaches a <see cref="FuzzTarget"/>. A strict monitor (the canary's) only accepts calls whose
/// checksum matches their arguments. An oracle monitor (the fuzzed target's) accepts exactly the calls some frame the
/// fuzzer sent carries, intact or mutated into another well-formed call: the wire has no integrity check, so a flipped
/// bit in an integer is a valid call, but a call decoded from a frame that does not decode is not.
/// </summary>
internal sealed class CallMonitor
{
    private readonly FuzzFindings _findings;
    private readonly ValidCalls? _valid;
    private readonly string _name;
    private long _calls;
    private long _mutated;

    private CallMonitor(string name, FuzzFindings findings, ValidCalls? valid)
    {
        _name = name;
        _findings = findings;
        _valid = valid;
    }

    /// <summary>How many calls reached user code.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>How many were well-formed but mutated: their checksum does not match their arguments.</summary>
    public long MutatedCalls => Interlocked.Read(ref _mutated);

    public static CallMonitor Strict(string name, FuzzFindings findings) => new(name, findings, null);

    public static CallMonitor Oracle(string name, FuzzFindings findings, ValidCalls valid) => new(name, findings, valid);

    public void Observe(string method, long arguments, long checksum, object? first = null, object? second = null)
    {
        Interlocked.Increment(ref _calls);
        bool intact = arguments == checksum;
        if (_valid is null)
        {
            if (!intact)
                _findings.Report("corrupt-call", $"{_name}.{method}({Show(first)}, {Show(second)}) was called with a checksum {checksum} that does not match its arguments");
            return;
        }

        if (!_valid.Contains(CallFingerprint.Seal(arguments, checksum)))
            _findings.Report("invalid-call", $"{_name}.{method}({Show(first)}, {Show(second)}, checksum {checksum}) was called, which no well-formed call frame sent to the server carries");
        else if (!intact)
            Interlocked.Increment(ref _mutated);
    }

    private static string Show(object? value) => value switch
    {
        null => "null",
        string text => $"\"{(text.Length > 64 ? text[..64] + "…" : text)}\"",
        byte[] bytes => $"byte[{bytes.Length}]",
        System.Collections.ICollection items => $"[{items.Count} items]",
        _ => value.ToString() ?? "",
    };
}
