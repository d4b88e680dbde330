using Romp.Internal;
using Romp.Protocol;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    private RompException? _peerGoodbye;
    private int _shutdown;

    /// <summary>
    /// Orderly close from this side: GOODBYE, then the transport is flushed and closed. The peer's pending calls fail
    /// with <paramref name="reason"/> (<see cref="RompError.ListenerKilled"/> when a server stops).
    /// </summary>
    public async ValueTask CloseAsync(string message, RompError reason = RompError.ClosedConnection)
    {
        byte code = reason == RompError.ClosedConnection ? GoodbyeBody.Orderly : (byte)reason;
        if (Volatile.Read(ref _shutdown) == 0 && TryWriteFrame(FrameType.Goodbye, 0, new GoodbyeBody(code, message), mayWait: false))
            FlushNow();
        await ShutdownAsync(new RompException(RompError.ClosedConnection, message), abort: false, fromReadLoop: false).ConfigureAwait(false);
    }

    /// <summary>Tears the connection down at once (protocol violation, broken transport).</summary>
    public void Abort(RompException reason) => _ = ShutdownAsync(reason, abort: true, fromReadLoop: false);

    public ValueTask DisposeAsync() => CloseAsync("The connection was closed.");

    // The read loop ends here whatever ended it: peer's GOODBYE, end of stream, or a protocol violation.
    private Task CloseAsync(RompException? reason) =>
        ShutdownAsync(reason ?? new RompException(RompError.ClosedConnection, "The peer closed the connection."), abort: false, fromReadLoop: true);

    private async Task ShutdownAsync(RompException reason, bool abort, bool fromReadLoop)
    {
        if (Interlocked.Exchange(ref _shutdown, 1) != 0)
        {
            if (!fromReadLoop)
                await _closed.Task.ConfigureAwait(false);
            return;
        }

        CloseReason = reason;
        Log.ConnectionClosed(_logger, this, reason.Error, reason.Message);
        FailAllCalls(reason);
        CancelIncoming();
        CloseReferences();
        _onewayLane.Close();
        if (!fromReadLoop)
        {
            _input.CancelPendingRead();
            try
            {
                await _readLoop.ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Log.WriteFailed(_logger, this, error);
            }
        }

        lock (_writeGate)
        {
            _outputClosed = true;
            SignalFlushedLocked();
        }

        try
        {
            if (abort)
                _transport.Abort();
            else
                await _transport.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            Log.WriteFailed(_logger, this, error);
        }

        _closed.TrySetResult();
    }
}
