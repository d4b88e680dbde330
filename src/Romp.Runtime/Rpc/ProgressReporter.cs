using Romp.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// The callee's side of an <see cref="IProgress{T}"/> parameter: a proxy for the caller's progress object, valid for the
/// call it arrived with. Each report is a call on it, sent without waiting, at most <see cref="MaxInFlight"/> ahead of
/// the caller's answers (a report beyond that waits, so a fast reporter cannot fill memory). Before the call's own
/// answer goes out, <see cref="EndAsync"/> waits for every report sent: they reach the caller's object first. A report
/// after that is dropped.
/// </summary>
internal abstract class ProgressReporter : ProxyBase
{
    /// <summary>The most reports sent and not yet answered; the caller runs them one at a time, in order.</summary>
    public const int MaxInFlight = 32;

    // All guarded by _gate, which Report also waits on (Monitor) while the window is full.
    private readonly object _gate = new();
    private int _inFlight;
    private bool _ended;
    private TaskCompletionSource? _delivered; // made by EndAsync when reports are still in flight

    protected ProgressReporter(ProxyTarget target)
        : base(target)
    {
    }

    /// <summary>
    /// Ends reporting: later reports are dropped, and the task completes once every report sent has been answered (or
    /// failed: a report the caller's object threw on, or one the closing connection took, counts as delivered).
    /// </summary>
    public ValueTask EndAsync()
    {
        lock (_gate)
        {
            _ended = true;
            Monitor.PulseAll(_gate); // reporters waiting for room: their reports are dropped now
            if (_inFlight == 0)
                return default;
            _delivered ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask(_delivered.Task);
        }
    }

    /// <summary>Takes a place in the window, waiting while it is full; false once reporting has ended.</summary>
    protected bool TryEnter()
    {
        lock (_gate)
        {
            while (true)
            {
                if (_ended)
                    return false;
                if (_inFlight < MaxInFlight)
                {
                    _inFlight++;
                    return true;
                }

                if (Connection.Channel.IsRunningInlineOnThisThread)
                    throw new InvalidOperationException($"IProgress<T>.Report was called on {Connection}'s own read thread (InlineDispatch is on) with {MaxInFlight} reports unanswered; it would wait forever for room. Report from another thread, or turn InlineDispatch off.");
                Monitor.Wait(_gate);
            }
        }
    }

    /// <summary>Follows the report's call to its answer, then gives its place back.</summary>
    protected void Track(ValueTask sent)
    {
        if (sent.IsCompleted)
        {
            Observe(sent);
            Leave();
            return;
        }

        _ = TrackAsync(sent);
    }

    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask TrackAsync(ValueTask sent)
    {
        try
        {
            await sent.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // What the caller's progress object threw is the caller's to see (its side logs it); the call goes on.
        }
        finally
        {
            Leave();
        }
    }

    private static void Observe(ValueTask sent)
    {
        try
        {
            sent.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // As in TrackAsync.
        }
    }

    private void Leave()
    {
        TaskCompletionSource? delivered = null;
        lock (_gate)
        {
            _inFlight--;
            Monitor.PulseAll(_gate);
            if (_inFlight == 0)
                delivered = _delivered;
        }

        delivered?.TrySetResult();
    }
}
