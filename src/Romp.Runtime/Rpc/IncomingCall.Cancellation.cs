namespace Romp.Rpc;

public sealed partial class IncomingCall
{
    private readonly object _cancelGate = new();
    private CancellationTokenSource? _cts;
    private bool _cancelRequested;

    /// <summary>
    /// Fires when the caller cancels the call (CANCEL frame) or the connection closes. Created on first use, so methods
    /// that take no token pay nothing for it.
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
                cts = _cts = new CancellationTokenSource();
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

        cts?.Dispose();
    }
}
