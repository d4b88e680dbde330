using Romp.Rpc;

namespace Romp.CompilerServices;

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

    /// <summary>Counts the uses of this pooled object, so that a late CANCEL or CREDIT cannot reach the next call.</summary>
    internal int Generation { get; private set; }

    /// <summary>
    /// Called by the read loop on CANCEL and by the connection when it closes. <paramref name="generation"/> is the
    /// <see cref="Generation"/> seen when the call was looked up: a call that has since finished and been reused is left alone.
    /// </summary>
    internal void RequestCancellation(int generation)
    {
        CancellationTokenSource? cts;
        lock (_cancelGate)
        {
            if (generation != Generation || _cancelRequested)
                return;
            _cancelRequested = true;
            cts = _cts;
        }

        try
        {
            // Outside the lock: Cancel runs user callbacks.
            cts?.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call finished meanwhile; a source that saw a cancel request is disposed, never reused.
        }

        WakeStreamProducer();
    }

    private void ResetCancellation()
    {
        CancellationTokenSource? cts;
        bool requested;
        lock (_cancelGate)
        {
            cts = _cts;
            _cts = null;
            requested = _cancelRequested;
            _cancelRequested = false;
            Generation++;
        }

        // A source nobody asked to cancel can be reused; after a request a late Cancel() may still be on its way to it.
        if (cts is not null && !requested && cts.TryReset())
            _spareCts = cts;
        else
            cts?.Dispose();
    }
}
