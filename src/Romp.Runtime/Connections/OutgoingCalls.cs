using System.Diagnostics.CodeAnalysis;
using Romp.Internal;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// The calls this side sent and waits on, by call id: their awaitables, stream receivers and the late answers of calls
/// given up on. Whoever removes an entry (the answer, a cancellation, or the close) completes it.
/// </summary>
internal sealed class OutgoingCalls
{
    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly Dictionary<uint, PendingCall> _byId = new();
    private uint _lastId;
    private bool _closed;

    /// <summary>The calls waiting for an answer.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
                return _byId.Count;
        }
    }

    /// <summary>Gives <paramref name="call"/> a call id that no call in progress uses. Throws once the connection is closed.</summary>
    public uint Register(PendingCall call, RompException? closeReason)
    {
        lock (_gate)
        {
            if (_closed)
                ThrowHelper.ThrowClosed(closeReason);
            uint id;
            do
            {
                id = unchecked(++_lastId);
            }
            while (id == 0 || _byId.ContainsKey(id));
            call.CallId = id;
            _byId.Add(id, call);
            return id;
        }
    }

    /// <summary>Removes a call if it is still <paramref name="call"/>: the one who removes it completes it.</summary>
    public bool TryTake(uint callId, PendingCall call)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(callId, out PendingCall? current) || !ReferenceEquals(current, call))
                return false;
            _byId.Remove(callId);
            return true;
        }
    }

    /// <summary>Puts <paramref name="replacement"/> in the place of a call if it is still <paramref name="call"/>.</summary>
    public bool TryReplace(uint callId, PendingCall call, PendingCall replacement)
    {
        lock (_gate)
        {
            if (!_byId.TryGetValue(callId, out PendingCall? current) || !ReferenceEquals(current, call))
                return false;
            replacement.CallId = callId;
            _byId[callId] = replacement;
            return true;
        }
    }

    /// <summary>Finds the call an answer belongs to; a final answer removes it (<paramref name="removed"/>), a YIELD leaves a stream in place.</summary>
    public bool TryFindAnswered(uint callId, bool isYield, [NotNullWhen(true)] out PendingCall? call, out bool removed)
    {
        lock (_gate)
        {
            removed = false;
            if (!_byId.TryGetValue(callId, out call))
                return false;
            if (isYield && !call.IsStream)
                ThrowHelper.ThrowInvalidData($"Call {callId} is not a stream and cannot receive YIELD.");
            if (!isYield)
            {
                _byId.Remove(callId);
                removed = true;
            }

            return true;
        }
    }

    /// <summary>Closes the table and returns every call in it, for the caller to fail.</summary>
    public List<PendingCall> Close()
    {
        lock (_gate)
        {
            _closed = true;
            var calls = new List<PendingCall>(_byId.Values);
            _byId.Clear();
            return calls;
        }
    }
}
