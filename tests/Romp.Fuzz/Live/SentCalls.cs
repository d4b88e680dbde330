using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Live;

/// <summary>
/// The calls a fuzzing connection really got to the server: every complete frame before the first header the server
/// must refuse (it can read nothing after that). An answer may only name one of these call ids, and a call gets at
/// most as many answers as it was sent frames (§2: RETVAL/EXCEPTION/YIELD/NULL_MSG refer to the receiver's own calls).
/// </summary>
internal sealed class SentCalls
{
    // Owned here; only the connection's receive loop touches it after construction.
    private readonly Dictionary<uint, int> _ends = new();
    private readonly Dictionary<uint, int> _acks = new();
    private readonly HashSet<uint> _streams = new();

    public SentCalls(WireParse sent)
    {
        foreach (WireFrame frame in sent.Frames)
        {
            switch (frame.Type)
            {
                case WireType.RequestBlock:
                    _streams.Add(frame.CallId);
                    goto case WireType.Request;
                case WireType.Request:
                    _ends[frame.CallId] = _ends.GetValueOrDefault(frame.CallId) + 1;
                    break;
                case WireType.OnewaySync or WireType.Sync:
                    _acks[frame.CallId] = _acks.GetValueOrDefault(frame.CallId) + 1;
                    break;
            }
        }
    }

    /// <summary>Takes one RETVAL/EXCEPTION for <paramref name="callId"/>; false when none was due.</summary>
    public bool TakeEnd(uint callId) => Take(_ends, callId);

    /// <summary>Takes one NULL_MSG for <paramref name="callId"/>; false when none was due.</summary>
    public bool TakeAck(uint callId) => Take(_acks, callId);

    /// <summary>Whether <paramref name="callId"/> may get YIELD: it was sent as a REQUEST_BLOCK.</summary>
    public bool IsStream(uint callId) => _streams.Contains(callId);

    private static bool Take(Dictionary<uint, int> due, uint callId)
    {
        if (!due.TryGetValue(callId, out int n) || n == 0)
            return false;
        due[callId] = n - 1;
        return true;
    }
}
