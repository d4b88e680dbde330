using System.IO.Pipelines;

namespace Romp.Connections;

/// <summary>
/// Bounds how long a frame may take to arrive once its first bytes have: a peer that sends part of a frame and stalls
/// would otherwise pin the connection's buffers forever, a few bytes per socket. When the time runs out it cancels the
/// read loop's pending read; the loop asks <see cref="Expired"/> to tell that from a stop.
/// </summary>
/// <remarks>
/// The read loop reports after each batch of frames (<see cref="OnBatchParsed"/>); that costs a field write, and a timer
/// change only when a partial frame follows a batch that had none. The timer re-arms itself for the frame now in
/// progress, so a steady stream of large frames, each ending in the next read, never trips it.
/// </remarks>
internal sealed class PartialFrameWatch : IDisposable
{
    private readonly PipeReader _input;
    private readonly TimeSpan _timeout;
    private readonly long _timeoutMs;
    private Timer? _timer;          // created with the first partial frame; changed by the read loop and the callback
    private long _frameStartedAt;   // written by the read loop: when the frame in progress began (TickCount64), 0 when none
    private volatile bool _expired; // set by the callback before it cancels the read

    public PartialFrameWatch(PipeReader input, TimeSpan timeout)
    {
        _input = input;
        _timeout = timeout;
        _timeoutMs = timeout == Timeout.InfiniteTimeSpan ? long.MaxValue : (long)timeout.TotalMilliseconds;
    }

    /// <summary>True once a frame took longer than the timeout: the cancelled read means that, not a stop.</summary>
    public bool Expired => _expired;

    /// <summary>The timeout, for the message that closes the connection.</summary>
    public TimeSpan Limit => _timeout;

    /// <summary>
    /// Called by the read loop after each batch: <paramref name="partial"/> when bytes of an unfinished frame remain;
    /// <paramref name="newFrame"/> when they belong to a frame that began in this batch (one before it was whole).
    /// </summary>
    public void OnBatchParsed(bool partial, bool newFrame)
    {
        if (_timeoutMs == long.MaxValue)
            return;
        if (!partial)
        {
            Volatile.Write(ref _frameStartedAt, 0);
            return;
        }

        long startedAt = Volatile.Read(ref _frameStartedAt);
        if (startedAt != 0 && !newFrame)
            return;
        Volatile.Write(ref _frameStartedAt, Environment.TickCount64);
        if (startedAt == 0)
            Arm(_timeoutMs); // the timer sleeps while no frame is partial; it re-arms itself otherwise
    }

    private void Arm(long dueMs)
    {
        if (_timer is null)
            _timer = new Timer(static state => ((PartialFrameWatch)state!).OnTimer(), this, dueMs, Timeout.Infinite);
        else
            _timer.Change(dueMs, Timeout.Infinite);
    }

    private void OnTimer()
    {
        long startedAt = Volatile.Read(ref _frameStartedAt);
        if (startedAt == 0)
            return;
        long remaining = startedAt + _timeoutMs - Environment.TickCount64;
        if (remaining > 0)
        {
            // The frame that was partial when the timer was set has arrived; another is in progress.
            try
            {
                _timer?.Change(remaining, Timeout.Infinite);
            }
            catch (ObjectDisposedException)
            {
                // The read loop ended meanwhile.
            }

            return;
        }

        _expired = true;
        _input.CancelPendingRead();
    }

    public void Dispose() => _timer?.Dispose();
}
