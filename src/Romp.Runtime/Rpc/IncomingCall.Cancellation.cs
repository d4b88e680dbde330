namespace Romp.Rpc;

public sealed partial class IncomingCall
{
    private readonly object _cancelGate = new();
    private CancellationTokenSource? _cts;
    private CancellationTokenSource? _spareCts; // kept across uses of this pooled call: a token costs no allocation
    private bool _cancelRequested;

    /// <summary>
    /// Fires when the caller cancels the call (CANCEL frame) or the connection closes. Created on first use, so methods
    /// that take no token pay nothing for it. Valid for the duration of the call only: like Kestrel's
    /// RequestAborted, its source is reset and reused by a later call.
    /// </summary>
    public CancellationToken CancellationToken
    {
        get
        {
            bool cancelNow;
            CancellationTokenSource cts;
            lock (_cancelGate)
            {
                if (_cts is not null)
                    return _cts.Token;
                cts = _cts = _spareCts ?? new CancellationTokenSource();
                _spareCts = null;
                cancelNow = _cancelRequested;
            }

            if (cancelNow)
                cts.Cancel();
            return cts.Token;
        }
    }

    internal Task? SerialTicket { get; set; }

    /// <summary>Called by the read loop on CANCEL and by the connection when it closes.</summary>
    internal void RequestCancellation()
    {
        CancellationTokenSource? cts;
        lock (_cancelGate)
        {
            if (_cancelRequested)
                return;
            _cancelRequested = true;
            cts = _cts;
        }

        // Outside the lock: Cancel runs user callbacks.
        cts?.Cancel();
        WakeStreamProducer();
    }

    private void ResetCancellation()
    {
        CancellationTokenSource? cts;
        lock (_cancelGate)
        {
            cts = _cts;
            _cts = null;
            _cancelRequested = false;
        }

        // A source that never fired can be reused; one that fired cannot be reset.
        if (cts is not null && cts.TryReset())
            _spareCts = cts;
        else
            cts?.Dispose();
    }
}
