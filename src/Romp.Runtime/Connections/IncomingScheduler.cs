using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// Decides when and where the calls the peer sends run: the limits that make the read loop pause, SYNC barriers, the
/// one-way lane, serial gates, cancellation on close and draining on shutdown. The read loop asks it whether a frame may
/// be admitted; nothing else reads its counters.
/// </summary>
/// <remarks>
/// The read loop stops reading, rather than queue without bound, while the peer's calls pile up here. It never stops
/// while this side waits on the peer: the answers it waits for would sit unread behind the call it paused at, and calls
/// that call back into their caller would deadlock. So outgoing calls and credit-starved streams count as "awaiting
/// the peer", and starting to await resumes a paused loop (the fence in <see cref="BeginAwaitingPeer"/> pairs with the
/// one in <see cref="WaitForRoomAsync"/>).
/// </remarks>
internal sealed class IncomingScheduler
{
    // Above the one-way lane's queue limit, so that a full lane does not turn into allocation churn.
    private static readonly BoundedPool<IncomingCall> s_callPool = new(2 * ConnectionSettings.MaxQueuedOneways);

    private readonly int _maxConcurrentCalls;
    private readonly int _maxOpenStreams;
    private readonly OnewayLane _onewayLane;
    private readonly ReusableSignal _resume = new(); // armed under _gate by a pausing read loop

    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly Dictionary<uint, IncomingCall> _byCallId = new();   // requests and streams in progress
    private readonly HashSet<IncomingCall> _onewaysRunning = new(ReferenceEqualityComparer.Instance);
    private readonly TicketBarrier<uint> _syncs = new(); // requests and one-ways hold tickets; SYNC call ids wait
    private long _nextSequence;
    private int _active;  // calls not finished yet, streams included; written with Volatile for ConcurrentCalls
    private bool _draining;
    private TaskCompletionSource? _drained;
    private bool _readPaused; // written under _gate; read without it (volatile) by BeginAwaitingPeer

    // Read without the lock on the read loop's fast path, so written with Volatile.
    private int _unsynced; // requests and one-ways in progress (the SYNC barrier's outstanding count)
    private int _streams;  // streams in progress
    private bool _closed;
    private int _awaitingPeer; // outgoing calls and streams waiting for the peer's CREDIT

    public IncomingScheduler(int maxConcurrentCalls, int maxOpenStreams)
    {
        _maxConcurrentCalls = maxConcurrentCalls;
        _maxOpenStreams = maxOpenStreams;
        _onewayLane = new OnewayLane(ResumeReading);
    }

    /// <summary>Received calls not finished yet, streams included.</summary>
    public int Active
    {
        get
        {
            lock (_gate)
                return _active;
        }
    }

    /// <summary>Received calls not finished yet, read without the lock: a hint for the flush policy.</summary>
    public int ConcurrentCalls => Volatile.Read(ref _active);

    /// <summary>Calls out and credit-starved streams this side waits on, read without the lock: a hint for the flush policy.</summary>
    public int AwaitedCalls => Volatile.Read(ref _awaitingPeer);

    /// <summary>One-way calls queued or running on the lane.</summary>
    public int QueuedOneways => _onewayLane.Count;

    /// <summary>True once the owner stopped taking new calls (<see cref="DrainAsync"/>).</summary>
    public bool IsDraining => Volatile.Read(ref _draining);

    /// <summary>True while this side waits on the peer: a call out, or a stream waiting for CREDIT.</summary>
    public bool AwaitingPeer => Volatile.Read(ref _awaitingPeer) > 0;

    private bool CallLimitReached => Volatile.Read(ref _unsynced) >= _maxConcurrentCalls && !Volatile.Read(ref _closed);

    private bool StreamLimitReached => Volatile.Read(ref _streams) >= _maxOpenStreams && !Volatile.Read(ref _closed);

    /// <summary>True while some limit is reached and this side waits on nothing from the peer: the read loop must look before it reads a call.</summary>
    public bool AdmissionLimited => (_onewayLane.IsFull || CallLimitReached || StreamLimitReached) && !AwaitingPeer;

    /// <summary>Whether a frame of <paramref name="type"/> must wait: only a new call, and only for the limit it counts against.</summary>
    public bool MustWait(FrameType type) => type switch
    {
        FrameType.Oneway or FrameType.OnewaySync => _onewayLane.IsFull || CallLimitReached,
        FrameType.Request => CallLimitReached,
        FrameType.RequestBlock => StreamLimitReached,
        _ => false,
    };

    /// <summary>Parks the read loop until the limit in front of a <paramref name="type"/> call has room, or this side starts waiting on the peer.</summary>
    public ValueTask WaitForRoomAsync(FrameType type)
    {
        lock (_gate)
        {
            Volatile.Write(ref _readPaused, true);
            Interlocked.MemoryBarrier(); // pairs with BeginAwaitingPeer: announce the pause, then look for waits on the peer
            if (AwaitingPeer || !MustWait(type))
            {
                _readPaused = false;
                return default;
            }

            return _resume.Arm();
        }
    }

    /// <summary>This side now waits on the peer (a call out, or a stream waiting for CREDIT): a paused read loop must read on.</summary>
    public void BeginAwaitingPeer()
    {
        Interlocked.Increment(ref _awaitingPeer); // full fence: pairs with WaitForRoomAsync
        if (Volatile.Read(ref _readPaused))
            ResumeReading();
    }

    /// <summary>One wait on the peer (or <paramref name="count"/>, on close) ended.</summary>
    public void EndAwaitingPeer(int count = 1) => Interlocked.Add(ref _awaitingPeer, -count);

    /// <summary>Lets a parked read loop look again: a call finished, the one-way lane has room, or this side awaits the peer.</summary>
    private void ResumeReading()
    {
        lock (_gate)
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
    /// refused instead of queued: requests get an EXCEPTION, and a one-way call, which has no answer to carry the
    /// refusal, closes the connection with this error (docs/protocol.md §7).
    /// </summary>
    public RompException? OverHardLimit(FrameType type)
    {
        int max = _maxConcurrentCalls;
        if (type == FrameType.RequestBlock)
        {
            return Volatile.Read(ref _streams) >= 2L * _maxOpenStreams
                ? new RompException(RompError.ReceiveFailed, $"The peer has more than twice MaxOpenStreams ({_maxOpenStreams}) streams open on this connection while this side waits on it; the call was refused.")
                : null;
        }

        if (type is FrameType.Oneway or FrameType.OnewaySync)
        {
            return Volatile.Read(ref _unsynced) >= 2L * max || _onewayLane.Count >= 2 * ConnectionSettings.MaxQueuedOneways
                ? new RompException(RompError.ReceiveFailed, $"The peer sent a one-way call past twice MaxConcurrentCalls ({max}) calls in progress, or {2 * ConnectionSettings.MaxQueuedOneways} queued one-way calls, on this connection while this side waits on it; rather than drop it unseen, this side closed the connection.")
                : null;
        }

        return Volatile.Read(ref _unsynced) >= 2L * max
            ? new RompException(RompError.ReceiveFailed, $"The peer has more than twice MaxConcurrentCalls ({max}) calls in progress on this connection while this side waits on it; the call was refused.")
            : null;
    }

    /// <summary>
    /// Admits a received call and schedules it: one-way calls on the lane, in order; everything else through the read
    /// loop's channel, which runs it off the loop.
    /// Its arguments are copied, since the frame's bytes are gone once the read loop moves on.
    /// </summary>
    public void Admit(RompConnection connection, FrameChannel channel, FrameType type, uint callId, Export export, ushort methodId, ReadOnlySequence<byte> arguments, uint credit, long argumentsTicket, Deadline deadline, in TraceParent trace)
    {
        if (!s_callPool.TryRent(out IncomingCall? call))
            call = new IncomingCall();
        call.ArgumentsTicket = argumentsTicket;
        lock (_gate)
        {
            call.Initialize(connection, type, callId, export, methodId, arguments, ++_nextSequence, deadline, in trace);
            if (type is FrameType.Request or FrameType.RequestBlock && !_byCallId.TryAdd(callId, call))
            {
                call.ArgumentsTicket = 0;
                s_callPool.Return(call);
                ThrowHelper.ThrowInvalidData($"Call id {callId} is already in use by a call in progress.");
            }

            if (type is FrameType.Oneway or FrameType.OnewaySync)
                _onewaysRunning.Add(call);
            Volatile.Write(ref _active, _active + 1);
            if (type == FrameType.RequestBlock)
            {
                Volatile.Write(ref _streams, _streams + 1);
            }
            else
            {
                call.SyncTicket = _syncs.Issue();
                Volatile.Write(ref _unsynced, _syncs.Outstanding);
            }
        }

        if (type == FrameType.RequestBlock)
            call.SetInitialCredit(credit);
        call.SerialTicket = export.SerialGate?.Enter();
        if (type is FrameType.Oneway or FrameType.OnewaySync)
            _onewayLane.Enqueue(call);
        else
            channel.Dispatch(call);
    }

    /// <summary>
    /// SYNC: true when it must wait for the calls received before it (it is then released by <see cref="Finish"/>),
    /// false when none is in progress and it is answered at once.
    /// </summary>
    public bool TryWaitSync(uint syncCallId)
    {
        lock (_gate)
            return _syncs.TryWait(syncCallId);
    }

    /// <summary>Finds a received call in progress, with the generation that keeps a late action off its next use.</summary>
    public bool TryFind(uint callId, [NotNullWhen(true)] out IncomingCall? call, out int generation)
    {
        lock (_gate)
        {
            generation = 0;
            if (!_byCallId.TryGetValue(callId, out call))
                return false;
            generation = call.Generation;
            return true;
        }
    }

    /// <summary>
    /// Bookkeeping once a received call has finished; the call goes back to its pool. Returns the SYNCs it was the last
    /// to hold up, oldest first, for the caller to answer.
    /// </summary>
    public List<uint>? Finish(IncomingCall call)
    {
        List<uint>? released = null;
        TaskCompletionSource? drained = null;
        lock (_gate)
        {
            if (call.Type is FrameType.Request or FrameType.RequestBlock)
                _byCallId.Remove(call.CallId);
            else
                _onewaysRunning.Remove(call);
            Volatile.Write(ref _active, _active - 1);
            if (call.Type == FrameType.RequestBlock)
            {
                Volatile.Write(ref _streams, _streams - 1);
            }
            else
            {
                _syncs.Retire(call.SyncTicket, ref released);
                Volatile.Write(ref _unsynced, _syncs.Outstanding);
            }

            if (_active == 0 && _draining)
            {
                drained = _drained;
                _drained = null;
            }

            ResumeReadingLocked();
        }

        drained?.TrySetResult();
        s_callPool.Return(call);
        return released;
    }

    /// <summary>Refuses new calls from now on and completes once every received call has finished.</summary>
    public Task DrainAsync()
    {
        lock (_gate)
        {
            Volatile.Write(ref _draining, true);
            if (_active == 0)
                return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>On close: every call still queued or running on the peer's behalf, one-ways included, is cancelled.</summary>
    public void Close()
    {
        List<(IncomingCall Call, int Generation)> calls;
        lock (_gate)
        {
            calls = new List<(IncomingCall, int)>(_byCallId.Count + _onewaysRunning.Count);
            foreach (IncomingCall call in _byCallId.Values)
                calls.Add((call, call.Generation));
            foreach (IncomingCall call in _onewaysRunning)
                calls.Add((call, call.Generation));
            Volatile.Write(ref _closed, true);
            _syncs.Clear(); // nobody is left to answer them to
            // The read loop may be parked waiting for calls to finish: let it see the close.
            ResumeReadingLocked();
        }

        _onewayLane.Close();
        foreach ((IncomingCall call, int generation) in calls)
        {
            try
            {
                call.RequestCancellation(generation);
            }
            catch (Exception error) when (error is not OutOfMemoryException)
            {
                // One call's cancellation must not keep the others from theirs, nor the close from finishing.
                System.Diagnostics.Debug.WriteLine(error);
            }
        }
    }
}
