using System.Diagnostics;

namespace Romp.Bench;

/// <summary>
/// Per-call elapsed times, in <see cref="Stopwatch"/> ticks, written into a slice of an array allocated before the
/// run: recording allocates nothing. Its capacity is also the run's bound on the number of calls.
/// </summary>
internal sealed class LatencyRecorder
{
    private readonly long[] _buffer;
    private readonly int _start;
    private readonly int _end;
    private int _next;

    public LatencyRecorder(long[] buffer, int start, int length)
    {
        _buffer = buffer;
        _start = start;
        _end = start + length;
        _next = start;
    }

    public int Count => _next - _start;

    public bool IsFull => _next >= _end;

    public void Record(long elapsedTicks)
    {
        if (_next < _end)
            _buffer[_next++] = elapsedTicks;
    }

    public void Reset() => _next = _start;

    /// <summary>Splits <paramref name="buffer"/> into <paramref name="parts"/> recorders, one per concurrent caller.</summary>
    public static LatencyRecorder[] Split(long[] buffer, int parts)
    {
        var recorders = new LatencyRecorder[parts];
        int each = buffer.Length / parts;
        for (int i = 0; i < parts; i++)
            recorders[i] = new LatencyRecorder(buffer, i * each, each);
        return recorders;
    }

    /// <summary>p50 and p99 in microseconds over all the recorders (which must share one buffer), or null when nothing was recorded.</summary>
    public static (double P50, double P99)? Percentiles(ReadOnlySpan<LatencyRecorder> recorders)
    {
        if (recorders.Length == 0)
            return null;
        long[] buffer = recorders[0]._buffer;
        int count = 0;
        foreach (LatencyRecorder recorder in recorders)
        {
            // Gather the samples at the front of the buffer; slices are in order, so a copy never overwrites unread samples.
            Array.Copy(buffer, recorder._start, buffer, count, recorder.Count);
            count += recorder.Count;
        }

        if (count == 0)
            return null;
        Array.Sort(buffer, 0, count);
        return (ToMicroseconds(buffer[Index(count, 0.50)]), ToMicroseconds(buffer[Index(count, 0.99)]));
    }

    private static int Index(int count, double quantile) => Math.Min(count - 1, (int)Math.Ceiling(count * quantile) - 1);

    private static double ToMicroseconds(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
}
