using System.Diagnostics.CodeAnalysis;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Serialization;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    private readonly object _callsGate = new();
    private readonly Dictionary<uint, PendingCall> _pending = new();
    private uint _nextCallId;
    private bool _callsClosed;
    private int _pendingCount; // _pending.Count, readable without the lock

    public ValueTask<T> CallAsync<TArgs, T>(uint objectId, ushort methodId, in TArgs args, IRompFormatter<T> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled<T>(cancellationToken);
        PendingReply<T> reply = PendingReply<T>.Rent(result);
        if (!TrySend(reply, FrameType.Request, new CallBody<TArgs>(objectId, methodId, args), cancellationToken, out Exception? error))
            return ValueTask.FromException<T>(error);
        return reply.AsValueTask();
    }

    public ValueTask CallAsync<TArgs>(uint objectId, ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled(cancellationToken);
        PendingReply<RompVoid> reply = PendingReply<RompVoid>.Rent(RompVoid.Formatter);
        if (!TrySend(reply, FrameType.Request, new CallBody<TArgs>(objectId, methodId, args), cancellationToken, out Exception? error))
            return ValueTask.FromException(error);
        return reply.AsVoidValueTask();
    }

    public ValueTask CallOnewaySyncAsync<TArgs>(uint objectId, ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled(cancellationToken);
        PendingReply<RompVoid> ack = PendingReply<RompVoid>.Rent(RompVoid.Formatter, expectsNull: true);
        if (!TrySend(ack, FrameType.OnewaySync, new CallBody<TArgs>(objectId, methodId, args), cancellationToken, out Exception? error))
            return ValueTask.FromException(error);
        return ack.AsVoidValueTask();
    }

    /// <summary>SYNC: completes when the peer has processed everything this side sent before it, releases included.</summary>
    public ValueTask SyncAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
            return ValueTask.FromCanceled(cancellationToken);
        try
        {
            WriteQueuedReleases();
        }
        catch (Exception releaseError)
        {
            return ValueTask.FromException(releaseError);
        }

        PendingReply<RompVoid> ack = PendingReply<RompVoid>.Rent(RompVoid.Formatter, expectsNull: true);
        if (!TrySend(ack, FrameType.Sync, new EmptyBody(), cancellationToken, out Exception? error))
            return ValueTask.FromException(error);
        return ack.AsVoidValueTask();
    }

    public void SendOneway<TArgs>(uint objectId, ushort methodId, in TArgs args) where TArgs : struct, IRompArgs
    {
        WriteFrame(FrameType.Oneway, 0, new CallBody<TArgs>(objectId, methodId, args));
        FlushSoon();
    }

    public void StartStream<T, TArgs>(StreamReceiver<T> receiver, uint objectId, ushort methodId, uint credit, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        uint callId = Register(receiver);
        try
        {
            WriteFrame(FrameType.RequestBlock, callId, new StreamCallBody<TArgs>(objectId, methodId, credit, args));
        }
        catch
        {
            TryTakeCall(callId, receiver);
            throw;
        }

        FlushNow();
    }

    /// <summary>Asks the peer's resolver for the object bound as <paramref name="name"/>: a proxy for it, the same one while it lives.</summary>
    public ValueTask<object> ResolveAsync(string name, RompObjectContract contract, CancellationToken cancellationToken) =>
        CallAsync(ResolverId, ResolveMethod, new ResolveArgs(name, contract.Id), new ResolvedObject(this, contract), cancellationToken);

    /// <summary>Removes a pending call if it is still <paramref name="call"/>: the one who removes it completes it.</summary>
    public bool TryTakeCall(uint callId, PendingCall call)
    {
        lock (_callsGate)
        {
            if (!_pending.TryGetValue(callId, out PendingCall? current) || !ReferenceEquals(current, call))
                return false;
            _pending.Remove(callId);
            _pendingCount--;
            return true;
        }
    }

    /// <summary>Puts <paramref name="replacement"/> in the place of a pending call if it is still <paramref name="call"/>.</summary>
    public bool TryReplaceCall(uint callId, PendingCall call, PendingCall replacement)
    {
        lock (_callsGate)
        {
            if (!_pending.TryGetValue(callId, out PendingCall? current) || !ReferenceEquals(current, call))
                return false;
            replacement.CallId = callId;
            _pending[callId] = replacement;
            return true;
        }
    }

    private bool TrySend<TBody>(PendingCall call, FrameType type, in TBody body, CancellationToken cancellationToken, [NotNullWhen(false)] out Exception? error)
        where TBody : struct, IRompArgs
    {
        uint callId;
        try
        {
            callId = Register(call);
        }
        catch (Exception e)
        {
            call.Abandon();
            error = e;
            return false;
        }

        try
        {
            WriteFrame(type, callId, in body);
        }
        catch (Exception e)
        {
            if (TryTakeCall(callId, call))
                call.Abandon();
            error = e;
            return false;
        }

        call.AttachCancellation(this, cancellationToken);
        FlushNow();
        error = null;
        return true;
    }

    private uint Register(PendingCall call)
    {
        uint id;
        lock (_callsGate)
        {
            if (_callsClosed)
                ThrowHelper.ThrowClosed(CloseReason);
            do
            {
                id = unchecked(++_nextCallId);
            }
            while (id == 0 || _pending.ContainsKey(id));
            call.CallId = id;
            _pending.Add(id, call);
            // Full fence: pairs with WaitToResumeAsync, so that a read loop pausing now either sees this call or is woken.
            Interlocked.Increment(ref _pendingCount);
        }

        if (Volatile.Read(ref _readPaused))
            ResumeReading();
        return id;
    }

    /// <summary>Finds the call an answer belongs to; a final answer removes it, a YIELD leaves a stream in place.</summary>
    private bool TryFindAnswered(uint callId, bool isYield, [NotNullWhen(true)] out PendingCall? call)
    {
        lock (_callsGate)
        {
            if (!_pending.TryGetValue(callId, out call))
                return false;
            if (isYield && !call.IsStream)
                ThrowHelper.ThrowInvalidData($"Call {callId} is not a stream and cannot receive YIELD.");
            if (!isYield)
            {
                _pending.Remove(callId);
                _pendingCount--;
            }
            return true;
        }
    }

    private void FailAllCalls(RompException reason)
    {
        PendingCall[] calls;
        lock (_callsGate)
        {
            _callsClosed = true;
            calls = _pending.Values.ToArray();
            _pending.Clear();
            _pendingCount = 0;
        }

        foreach (PendingCall call in calls)
            call.OnFailure(new RompException(reason.Error, reason.Message, reason.InnerException));
    }

    internal int PendingCallCount
    {
        get
        {
            lock (_callsGate)
                return _pending.Count;
        }
    }

    /// <summary>
    /// Reads the resolver's answer (an object id, which counts as a reference sent) straight into a proxy, so that the
    /// reference is counted here even when the answer arrives after the resolve was cancelled.
    /// </summary>
    private sealed class ResolvedObject(RompConnection connection, RompObjectContract contract) : IRompFormatter<object>
    {
        public void Write(ref RompWriter writer, object value) => throw new NotSupportedException("Only the resolver writes object ids.");

        public object Read(ref RompReader reader) => connection.Imports.GetOrAdd(reader.ReadUInt32(), contract);
    }

    private readonly struct ResolveArgs(string name, ulong contractId) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteString(name);
            writer.WriteUInt64(contractId);
        }
    }
}
