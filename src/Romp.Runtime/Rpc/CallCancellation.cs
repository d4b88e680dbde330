namespace Romp.Rpc;

/// <summary>
/// The cancellation of one received call: its token, created on first use, and the generation that keeps a late CANCEL
/// or CREDIT off the pooled call's next use. Reused with the call: a token nobody cancelled is reset, not reallocated.
/// </summary>
internal sealed class CallCancellation
{
    private readonly object _gate = new();
    private CancellationTokenSource? _cts;     // guarded by _gate; the current use's source, once asked for
    private CancellationTokenSource? _spareCts; // guarded by _gate; kept across uses, so a token costs no allocation
    private bool _requested;                  // guarded by _gate
    private int _generation;                  // guarded by _gate; counts the uses

    /// <summary>The current use; a late action carries the generation it saw and finds it changed.</summary>
    public int Generation
    {
        get
        {
            lock (_gate)
                return _generation;
        }
    }

    /// <summary>The token of the current use, created on first use (cancelled at once if a cancel came first).</summary>
    public CancellationToken Token
    {
        get
        {
            bool cancelNow;
            CancellationTokenSource cts;
            lock (_gate)
            {
                if (_cts is not null)
                    return _cts.Token;
                cts = _cts = _spareCts ?? new CancellationTokenSource();
                _spareCts = null;
                cancelNow = _requested;
            }

            if (cancelNow)
                cts.Cancel();
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
        bool requested;
        lock (_gate)
        {
            cts = _cts;
            _cts = null;
            requested = _requested;
            _requested = false;
            _generation++;
        }

        // A source nobody asked to cancel can be reused; after a request a late Cancel() may still be on its way to it.
        if (cts is not null && !requested && cts.TryReset())
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
