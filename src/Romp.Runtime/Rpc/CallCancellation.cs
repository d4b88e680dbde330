namespace Romp.Rpc;

/// <summary>
/// The cancellation of one received call: its token, created on first use, and the generation that keeps a late CANCEL
/// or CREDIT off the pooled call's next use. Reused with the call: a token nobody cancelled is reset, not reallocated.
/// A call with a deadline gets a token that also fires at the deadline, whether or not the caller's CANCEL arrives.
/// </summary>
internal sealed class CallCancellation
{
    private readonly object _gate = new();
    private CancellationTokenSource? _cts;     // guarded by _gate; the current use's source, once asked for
    private CancellationTokenSource? _spareCts; // guarded by _gate; kept across uses, so a token costs no allocation
    private bool _requested;                  // guarded by _gate
    private int _generation;                  // guarded by _gate; counts the uses
    // The current use's: written under _gate, before the call is published and after it ends, so the call's own flow
    // reads it without the lock.
    private Deadline _deadline;
    private bool _timed;                      // guarded by _gate; the current source has a timer for the deadline

    /// <summary>The current use; a late action carries the generation it saw and finds it changed.</summary>
    public int Generation
    {
        get
        {
            lock (_gate)
                return _generation;
        }
    }

    /// <summary>The current use's deadline, for the call's own flow; none for a call that came without one.</summary>
    public Deadline Deadline => _deadline;

    /// <summary>
    /// True when the current use's token fired at its deadline rather than on request: its timer may run a moment before
    /// <see cref="Deadline.HasPassed"/> agrees, timers being coarser than the clock.
    /// </summary>
    public bool FiredAtDeadline
    {
        get
        {
            lock (_gate)
                return _timed && !_requested && _cts is { IsCancellationRequested: true };
        }
    }

    /// <summary>The deadline of the use <paramref name="generation"/>, for any thread; false once that use is over.</summary>
    public bool TryGetDeadline(int generation, out Deadline deadline)
    {
        lock (_gate)
        {
            deadline = generation == _generation ? _deadline : default;
            return generation == _generation;
        }
    }

    /// <summary>Bounds the current use: its token, whenever it is made, fires at <paramref name="deadline"/>.</summary>
    public void SetDeadline(Deadline deadline)
    {
        lock (_gate)
            _deadline = deadline;
    }

    /// <summary>
    /// The token of the current use, created on first use: cancelled at once if a cancel came first or the deadline has
    /// passed, else set to fire at the deadline (one timer, made only for a call that has a deadline and asks for a token).
    /// </summary>
    public CancellationToken Token
    {
        get
        {
            bool cancelNow;
            CancellationTokenSource cts;
            TimeSpan untilDeadline = Timeout.InfiniteTimeSpan;
            lock (_gate)
            {
                if (_cts is not null)
                    return _cts.Token;
                cts = _cts = _spareCts ?? new CancellationTokenSource();
                _spareCts = null;
                cancelNow = _requested;
                if (!_deadline.IsNone)
                {
                    _timed = true;
                    untilDeadline = _deadline.Remaining;
                    cancelNow |= untilDeadline == TimeSpan.Zero;
                }
            }

            if (cancelNow)
                cts.Cancel();
            else if (untilDeadline != Timeout.InfiniteTimeSpan)
                cts.CancelAfter(untilDeadline); // the timer cancels on the pool, never on the read loop
            return cts.Token;
        }
    }

    /// <summary>Cancels the use <paramref name="generation"/>, once; false when that use is over or already cancelled.</summary>
    public bool TryRequest(int generation)
    {
        CancellationTokenSource? cts;
        lock (_gate)
        {
            if (generation != _generation || _requested)
                return false;
            _requested = true;
            cts = _cts;
        }

        if (cts is null)
            return true;
        Task cancelled;
        try
        {
            // The token reads as cancelled at once; its callbacks (user code, continuations) run on the pool, never on
            // the read loop or the closing thread.
            cancelled = cts.CancelAsync();
        }
        catch (ObjectDisposedException)
        {
            return true; // the call finished meanwhile; a source that saw a cancel request is disposed, never reused
        }

        // A source the finishing call disposed meanwhile, or a callback that threw, faults the task: observe it, so that
        // a peer's timing never leaves an unobserved exception behind.
        if (!cancelled.IsCompletedSuccessfully)
            cancelled.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return true;
    }

    /// <summary>Ends the current use and starts the next generation.</summary>
    public void Reset()
    {
        CancellationTokenSource? cts;
        bool reusable;
        lock (_gate)
        {
            cts = _cts;
            _cts = null;
            reusable = !_requested && !_timed;
            _requested = false;
            _timed = false;
            _deadline = default;
            _generation++;
        }

        // A source nobody asked to cancel can be reused; after a request a late Cancel() may still be on its way to it,
        // and a deadline's timer may be firing as it is reset, so neither is.
        if (cts is not null && reusable && cts.TryReset())
        {
            lock (_gate)
                _spareCts = cts;
        }
        else
        {
            cts?.Dispose();
        }
    }
}
