using System.Buffers;
using Romp.Internal;
using Romp.Protocol;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    // The read loop stops reading, rather than queue without bound, while this peer's calls pile up on our side. It
    // never stops while this side waits on the peer: the answers it waits for would sit unread behind the call it
    // paused at, and calls that call back into their caller would deadlock.
    private readonly ReusableSignal _resume = new();
    private bool _readPaused; // guarded by _incomingGate; read without it by outgoing calls
    private int _streamsAwaitingCredit;

    /// <summary>
    /// True while this side waits on the peer: calls out to it (answers, acknowledgements, stream items to read), or
    /// streams it consumes that wait for its CREDIT.
    /// </summary>
    private bool AwaitingPeer => Volatile.Read(ref _pendingCount) > 0 || Volatile.Read(ref _streamsAwaitingCredit) > 0;

    /// <summary>A stream this side produces waits for the peer's CREDIT.</summary>
    internal void BeginWaitingOnPeer()
    {
        Interlocked.Increment(ref _streamsAwaitingCredit); // full fence, as in Register
        if (Volatile.Read(ref _readPaused))
            ResumeReading();
    }

    internal void EndWaitingOnPeer() => Interlocked.Decrement(ref _streamsAwaitingCredit);

    // Requests and one-ways, and separately streams (which credit bounds one by one), each have MaxConcurrentCalls.
    private bool CallLimitReached => Volatile.Read(ref _unsynced) >= _settings.MaxConcurrentCalls && !Volatile.Read(ref _incomingClosed);

    private bool StreamLimitReached => Volatile.Read(ref _active) - Volatile.Read(ref _unsynced) >= _settings.MaxConcurrentCalls && !Volatile.Read(ref _incomingClosed);

    /// <summary>Only a new call waits, and only for the limit it counts against; every other frame is read at once.</summary>
    private bool MustPauseBefore(in ReadOnlySequence<byte> buffer, out FrameType type)
    {
        type = default;
        // The limits first: they are rarely reached, and then no frame's header is looked at twice.
        if (!(_onewayLane.IsFull || CallLimitReached || StreamLimitReached) || AwaitingPeer)
            return false;
        if (_discardRemaining != 0 || !FrameReader.TryPeekType(in buffer, out type))
            return false;
        return LimitReachedFor(type);
    }

    private bool LimitReachedFor(FrameType type) => type switch
    {
        FrameType.Oneway or FrameType.OnewaySync => _onewayLane.IsFull || CallLimitReached,
        FrameType.Request => CallLimitReached,
        FrameType.RequestBlock => StreamLimitReached,
        _ => false,
    };

    /// <summary>Parks the read loop until the limit in front of a <paramref name="type"/> call has room, or this side starts waiting on the peer.</summary>
    private ValueTask WaitToResumeAsync(FrameType type)
    {
        lock (_incomingGate)
        {
            Volatile.Write(ref _readPaused, true);
            Interlocked.MemoryBarrier(); // pairs with Register: announce the pause, then look for outgoing calls
            if (AwaitingPeer || !LimitReachedFor(type))
            {
                _readPaused = false;
                return default;
            }

            return _resume.Arm();
        }
    }

    /// <summary>Lets a parked read loop look again: a call finished, the one-way lane has room, or this side called the peer.</summary>
    internal void ResumeReading()
    {
        lock (_incomingGate)
            ResumeReadingLocked();
    }

    private void ResumeReadingLocked()
    {
        if (!_readPaused)
            return;
        _readPaused = false;
        _resume.TrySet();
    }

    /// <summary>
    /// Past twice the limits, which only a peer that keeps calling while this side waits on it can reach, calls are
    /// refused instead of queued: requests get an EXCEPTION, one-way calls are dropped and logged.
    /// </summary>
    private RompException? OverHardLimit(FrameType type)
    {
        int max = _settings.MaxConcurrentCalls;
        bool over = type switch
        {
            FrameType.RequestBlock => Volatile.Read(ref _active) - Volatile.Read(ref _unsynced) >= 2L * max,
            FrameType.Oneway or FrameType.OnewaySync => Volatile.Read(ref _unsynced) >= 2L * max || _onewayLane.Count >= 2 * ConnectionSettings.MaxQueuedOneways,
            _ => Volatile.Read(ref _unsynced) >= 2L * max,
        };
        return over
            ? new RompException(RompError.ReceiveFailed, $"The peer has more than twice MaxConcurrentCalls ({max}) calls in progress on this connection while this side waits on it; the call was refused.")
            : null;
    }
}
