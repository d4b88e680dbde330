using System.Buffers;
using System.Collections.Concurrent;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Serialization;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    // Above the one-way lane's queue limit, so that a full lane does not turn into allocation churn.
    private const int CallPoolSize = 2 * ConnectionSettings.MaxQueuedOneways;
    private static readonly ConcurrentQueue<IncomingCall> s_callPool = new();
    private static int s_pooledCalls;

    private readonly OrderedLane _onewayLane;
    private readonly object _incomingGate = new();
    private readonly Dictionary<uint, IncomingCall> _incomingById = new();
    private readonly HashSet<IncomingCall> _onewaysRunning = new(ReferenceEqualityComparer.Instance);
    private List<SyncBarrier>? _barriers;
    private long _nextSequence;
    private int _unsynced;   // received calls that a SYNC must wait for (all but streams)
    private int _active;     // received calls not finished yet, streams included
    private bool _draining;
    private TaskCompletionSource? _drained;
    private bool _incomingClosed;

    /// <summary>Object id 0 is the resolver every connection has (ROMP's Resolve_Obj).</summary>
    public const uint ResolverId = 0;

    /// <summary>Method id of the resolver's resolve(name, contractId) -> objectId.</summary>
    public const ushort ResolveMethod = 1;

    private void OnCall(in Frame frame)
    {
        FrameType type = frame.Type;
        if (type != FrameType.Oneway)
            RequireCallId(in frame);

        var reader = new RompReader(frame.Payload, this);
        uint objectId = reader.ReadUInt32();
        ushort methodId = reader.ReadUInt16();
        uint credit = type == FrameType.RequestBlock ? reader.ReadUInt32() : 0;
        ReadOnlySequence<byte> arguments = frame.Payload.Slice(reader.Consumed);

        if (objectId == ResolverId)
        {
            OnResolve(type, frame.CallId, methodId, arguments);
            return;
        }

        Export? export = Exports.Find(objectId);
        if (export is not null && OverHardLimit(type) is { } overload)
        {
            RejectCall(type, frame.CallId, overload);
            return;
        }

        if (export is null || _draining)
        {
            RejectCall(type, frame.CallId, export is null
                ? new RompException(RompError.UnknownObject, $"No object with id {objectId} was exported to this connection.")
                : new RompException(RompError.ClosedConnection, "The server is shutting down and accepts no new calls."));
            return;
        }

        // ONEWAY_SYNC is acknowledged on receipt, before it runs.
        if (type == FrameType.OnewaySync)
            SendNull(frame.CallId);

        IncomingCall call = RentCall();
        if (arguments.Length > 0)
            call.ArgumentsTicket = OnArgumentsQueued();
        lock (_incomingGate)
        {
            long sequence = ++_nextSequence;
            call.Initialize(this, type, frame.CallId, export, methodId, arguments, sequence);
            if (type is FrameType.Request or FrameType.RequestBlock && !_incomingById.TryAdd(frame.CallId, call))
            {
                call.Reset();
                ThrowHelper.ThrowInvalidData($"Call id {frame.CallId} is already in use by a call in progress.");
            }

            if (type is FrameType.Oneway or FrameType.OnewaySync)
                _onewaysRunning.Add(call);
            _active++;
            if (type != FrameType.RequestBlock)
                _unsynced++;
        }

        if (type == FrameType.RequestBlock)
            call.SetInitialCredit(credit);
        call.SerialTicket = export.SerialGate?.Enter();
        if (type is FrameType.Oneway or FrameType.OnewaySync)
            _onewayLane.Enqueue(call);
        else
            ThreadPool.UnsafeQueueUserWorkItem(call, preferLocal: false);
    }

    private void RejectCall(FrameType type, uint callId, RompException error)
    {
        switch (type)
        {
            case FrameType.Request:
            case FrameType.RequestBlock:
                SendError(callId, error, fromReadLoop: true);
                break;
            case FrameType.OnewaySync:
                SendNull(callId);
                Log.OnewayFailed(_logger, this, error);
                break;
            default:
                Log.OnewayFailed(_logger, this, error);
                break;
        }
    }

    private void OnResolve(FrameType type, uint callId, ushort methodId, ReadOnlySequence<byte> arguments)
    {
        if (type != FrameType.Request || methodId != ResolveMethod)
            ThrowHelper.ThrowInvalidData($"The resolver (object 0) has no method {methodId} for {type}.");

        var reader = new RompReader(arguments, this);
        string? name = reader.ReadString();
        ulong contractId = reader.ReadUInt64();
        reader.EnsureEnd();
        if (name is null || _directory is null || !_directory.TryResolve(name, out Export export))
        {
            SendError(callId, new RompException(RompError.UnknownObject, $"No object is bound as '{name}'."), fromReadLoop: true);
            return;
        }

        if (export.Contract.Id != contractId)
        {
            SendError(callId, new RompException(RompError.TypeGuardFailure,
                $"'{name}' is a {export.Contract.InterfaceName} (contract {export.Contract.Id:x16}), not the contract {contractId:x16} that was asked for."), fromReadLoop: true);
            return;
        }

        uint id = Exports.Add(export);
        if (TryWriteFrame(FrameType.RetVal, callId, new ResultBody<uint>(id, RompFormatters.UInt32), mayWait: false))
            FlushNow();
    }

    private void OnSync(uint callId)
    {
        lock (_incomingGate)
        {
            if (_unsynced > 0)
            {
                (_barriers ??= new List<SyncBarrier>()).Add(new SyncBarrier(callId, _nextSequence + 1, _unsynced));
                return;
            }
        }

        SendNull(callId);
    }

    private void OnCancel(uint callId)
    {
        if (TryFindIncoming(callId, out IncomingCall? call, out int generation))
            call.RequestCancellation(generation);
    }

    /// <summary>Finds a received call in progress, with the generation that keeps a late action off its next use.</summary>
    private bool TryFindIncoming(uint callId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out IncomingCall? call, out int generation)
    {
        lock (_incomingGate)
        {
            generation = 0;
            if (!_incomingById.TryGetValue(callId, out call))
                return false;
            generation = call.Generation;
            return true;
        }
    }

    /// <summary>A received call failed: an error before its arguments were read is the peer's protocol violation.</summary>
    internal void OnCallFailed(IncomingCall call, Exception error, bool argumentsRead)
    {
        if (!argumentsRead && error is RompException { Error: RompError.InvalidMessage } violation)
        {
            Log.ProtocolViolation(_logger, this, violation.Message);
            if (TryWriteFrame(FrameType.Goodbye, 0, new GoodbyeBody((byte)violation.Error, violation.Message), mayWait: false))
                FlushNow();
            // Not an abort: a reset could overtake the GOODBYE that says why.
            _ = ShutdownAsync(violation, abort: false, fromReadLoop: false);
            return;
        }

        if (call.Type is FrameType.Request or FrameType.RequestBlock)
            SendError(call.CallId, error);
        else
            Log.OnewayFailed(_logger, this, error);
    }

    /// <summary>Bookkeeping once a received call has finished: SYNC barriers, drain, and the call back to its pool.</summary>
    internal void OnIncomingFinished(IncomingCall call)
    {
        List<uint>? released = null;
        TaskCompletionSource? drained = null;
        lock (_incomingGate)
        {
            if (call.Type is FrameType.Request or FrameType.RequestBlock)
                _incomingById.Remove(call.CallId);
            else
                _onewaysRunning.Remove(call);
            _active--;
            if (call.Type != FrameType.RequestBlock)
            {
                _unsynced--;
                if (_barriers is { Count: > 0 } barriers)
                    released = ReleaseBarriersLocked(barriers, call.Sequence);
            }

            if (_active == 0 && _draining)
            {
                drained = _drained;
                _drained = null;
            }

            ResumeReadingLocked();
        }

        if (released is not null)
        {
            foreach (uint syncId in released)
                SendNull(syncId);
        }

        drained?.TrySetResult();
        ReturnCall(call);
    }

    private static List<uint>? ReleaseBarriersLocked(List<SyncBarrier> barriers, long finishedSequence)
    {
        List<uint>? released = null;
        for (int i = barriers.Count - 1; i >= 0; i--)
        {
            SyncBarrier barrier = barriers[i];
            if (finishedSequence >= barrier.Sequence || --barrier.Remaining > 0)
                continue;
            (released ??= new List<uint>()).Insert(0, barrier.CallId);
            barriers.RemoveAt(i);
        }

        return released;
    }

    /// <summary>Refuses new calls and completes once every received call has finished.</summary>
    internal Task DrainAsync()
    {
        lock (_incomingGate)
        {
            _draining = true;
            if (_active == 0)
                return Task.CompletedTask;
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _drained.Task;
        }
    }

    /// <summary>On close: every call still queued or running on this connection's behalf, one-ways included, is cancelled.</summary>
    private void CancelIncoming()
    {
        (IncomingCall Call, int Generation)[] calls;
        lock (_incomingGate)
        {
            calls = _incomingById.Values.Concat(_onewaysRunning).Select(static c => (c, c.Generation)).ToArray();
            _incomingClosed = true;
            // The read loop may be parked waiting for calls to finish: let it see the close.
            ResumeReadingLocked();
        }

        foreach ((IncomingCall call, int generation) in calls)
            call.RequestCancellation(generation);
    }

    internal int ActiveIncoming
    {
        get
        {
            lock (_incomingGate)
                return _active;
        }
    }

    private static IncomingCall RentCall()
    {
        if (s_callPool.TryDequeue(out IncomingCall? call))
        {
            Interlocked.Decrement(ref s_pooledCalls);
            return call;
        }

        return new IncomingCall();
    }

    private static void ReturnCall(IncomingCall call)
    {
        call.Reset();
        if (Interlocked.Increment(ref s_pooledCalls) <= CallPoolSize)
            s_callPool.Enqueue(call);
        else
            Interlocked.Decrement(ref s_pooledCalls);
    }

    /// <summary>A SYNC waiting for the calls received before it (sequence numbers below <see cref="Sequence"/>).</summary>
    private sealed class SyncBarrier(uint callId, long sequence, int remaining)
    {
        public uint CallId { get; } = callId;

        public long Sequence { get; } = sequence;

        public int Remaining { get; set; } = remaining;
    }
}
