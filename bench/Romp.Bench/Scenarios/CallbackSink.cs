using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The client's <see cref="ISink"/> in the callback scenario. The server awaits each call before the next, so the time
/// from one call to the next is one server-to-client round trip (the first is timed from the request that starts the
/// batch); it records those, and whether the values came in order.
/// </summary>
internal sealed class CallbackSink : ISink
{
    private LatencyRecorder? _latency;
    private long _last;
    private int _calls;
    private bool _inOrder;

    /// <summary>The calls since <see cref="Begin"/>.</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>True when the values since <see cref="Begin"/> were 0, 1, 2, … in that order.</summary>
    public bool InOrder => Volatile.Read(ref _inOrder);

    /// <summary>Starts a batch: called just before the request that makes the server call back.</summary>
    public void Begin(LatencyRecorder latency)
    {
        _latency = latency;
        _calls = 0;
        _inOrder = true;
        _last = Stopwatch.GetTimestamp();
    }

    // Calls arrive one at a time on pool threads; each happens after the previous one's reply, so plain fields suffice.
    public ValueTask<int> OnItemAsync(int value)
    {
        long now = Stopwatch.GetTimestamp();
        _latency?.Record(now - _last);
        _last = now;
        if (value != _calls)
            _inOrder = false;
        Volatile.Write(ref _calls, _calls + 1);
        return new(value);
    }
}
