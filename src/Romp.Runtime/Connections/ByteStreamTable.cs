using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// One connection's byte streams (docs/protocol.md §3.14): the <see cref="Stream"/>s this side sends, each pumped by a
/// <see cref="ByteStreamSource"/> as the peer grants credit, and the ones it receives, each buffered by a
/// <see cref="ByteStreamInbox"/> that grants it. Routes the four BYTES frames to them, ties a sent argument's stream to
/// its call, and ends them all when the connection closes.
/// </summary>
/// <remarks>
/// A frame scope: <see cref="Send"/> runs inside a formatter, under the output's lock, so the frame being written says
/// whose argument the stream is, and an abandoned frame takes back the streams it would have announced.
/// </remarks>
internal sealed class ByteStreamTable : IFrameScope
{
    /// <summary>The most streams this side reads at once on a connection; a value announcing one more fails its call.</summary>
    public const int MaxOpenInboxes = 1024;

    private readonly RompConnection _connection;
    private FrameOutput _output = null!;

    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly Dictionary<uint, ByteStreamSource> _sources = new(); // by this side's id
    private readonly Dictionary<uint, ByteStreamInbox> _inboxes = new();  // by the peer's id
    private uint _lastSourceId; // ids count up and are not reused before they wrap: a late BYTES_STOP never meets a new stream
    private RompException? _closed;

    // Sources sent as arguments of calls still waiting for their answer; read without the lock by every answer.
    private int _callSources;

    // The frame being written, and the sources announced in it; guarded by the output's lock (IFrameScope is called under it).
    private FrameType _frameType;
    private uint _frameCallId;
    private List<ByteStreamSource>? _sentInFrame;

    public ByteStreamTable(RompConnection connection) => _connection = connection;

    /// <summary>Whether the peer's hello announced byte streams; set by the handshake, before any frame.</summary>
    public bool PeerAccepts { get; set; }

    /// <summary>The output the four frames go out on.</summary>
    public FrameOutput Output => _output;

    public RompConnection Connection => _connection;

    /// <summary>Wires the output; once, before the connection starts.</summary>
    public void Attach(FrameOutput output) => _output = output;

    /// <summary>The largest piece of a stream one BYTES frame carries to this peer.</summary>
    public int MaxPiece => Math.Min(ByteStreamSource.MaxPiece, _output.PeerMaxFrameSize);

    /// <summary>
    /// Announces <paramref name="stream"/> in the frame being written: gives it an id and starts its pump, which waits
    /// for the peer's first credit. Romp owns the stream from here on and disposes it once its pump ends.
    /// </summary>
    /// <exception cref="RompException"><see cref="RompError.UnsupportedType"/>: the peer does not understand byte streams.</exception>
    public uint Send(Stream stream)
    {
        if (!PeerAccepts)
            throw Refuse(stream, "The peer cannot receive a Stream: its hello does not offer byte streams (it runs an older Romp).");
        if (!stream.CanRead)
            throw Refuse(stream, "A Stream that cannot be read cannot be sent.");

        // The argument of a call lives as long as the call: its answer, or giving up on it, ends the pump.
        uint owner = _frameType is FrameType.Request or FrameType.RequestBlock ? _frameCallId : 0;
        ByteStreamSource source;
        lock (_gate)
        {
            if (_closed is not null)
            {
                DisposeSoon(stream);
                ThrowHelper.ThrowClosed(_closed);
            }

            uint id;
            do
            {
                id = unchecked(++_lastSourceId);
            }
            while (id == 0 || _sources.ContainsKey(id));
            source = new ByteStreamSource(this, id, stream, owner);
            _sources.Add(id, source);
            if (owner != 0)
                _callSources++;
        }

        (_sentInFrame ??= new List<ByteStreamSource>()).Add(source);
        source.Start();
        return source.Id;
    }

    /// <summary>
    /// A stream the peer announced in a value being read: its inbox, and the <see cref="Stream"/> that reads it. An
    /// argument of <paramref name="call"/> is disposed when the call ends, and stops when the caller gives up on it.
    /// </summary>
    /// <exception cref="RompException">
    /// <see cref="RompError.InvalidMessage"/> for an id the peer announced before and has not ended;
    /// <see cref="RompError.ReceiveFailed"/> past <see cref="MaxOpenInboxes"/>.
    /// </exception>
    public RemoteByteStream Receive(uint id, IncomingCall? call)
    {
        var inbox = new ByteStreamInbox(this, id, call?.CancellationToken ?? default);
        lock (_gate)
        {
            if (_closed is not null)
                ThrowHelper.ThrowClosed(_closed);
            if (_inboxes.ContainsKey(id))
                ThrowHelper.ThrowInvalidData($"The peer announced byte stream {id} again while it was still open.");
            if (_inboxes.Count >= MaxOpenInboxes)
                throw new RompException(RompError.ReceiveFailed, $"More than {MaxOpenInboxes} byte streams are open on this connection; read or dispose some first.");
            _inboxes.Add(id, inbox);
        }

        var stream = new RemoteByteStream(inbox);
        call?.ReleaseWhenDone(stream);
        return stream;
    }

    // ---- the read loop's frames ----

    /// <summary>BYTES: the payload goes to its inbox; bytes for a stream this side stopped (or never knew) are dropped.</summary>
    public void OnBytes(in Frame frame)
    {
        if (frame.Payload.IsEmpty)
            ThrowHelper.ThrowInvalidData($"BYTES for byte stream {frame.CallId} carries no bytes.");
        if (FindInbox(frame.CallId, remove: false) is { } inbox)
            inbox.OnBytes(frame.Payload);
    }

    /// <summary>BYTES_END: the stream's end, or its failure; its id is free from here on.</summary>
    public void OnEnd(in Frame frame)
    {
        Exception? failure = null;
        if (!frame.Payload.IsEmpty)
        {
            var reader = new RompReader(frame.Payload, _connection);
            failure = _connection.ReadError(ref reader, declared: null, $"byte stream {frame.CallId}");
        }

        FindInbox(frame.CallId, remove: true)?.OnEnd(failure);
    }

    /// <summary>BYTES_CREDIT: the reader lets this side send more of one of its streams.</summary>
    public void OnCredit(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, _connection);
        uint bytes = reader.ReadUInt32();
        reader.EnsureEnd();
        ByteStreamSource? source;
        lock (_gate)
            _sources.TryGetValue(frame.CallId, out source);
        source?.Grant(bytes);
    }

    /// <summary>BYTES_STOP: the reader wants no more of one of this side's streams.</summary>
    public void OnStop(in Frame frame)
    {
        if (!frame.Payload.IsEmpty)
            ThrowHelper.ThrowInvalidData("BYTES_STOP has an empty payload.");
        ByteStreamSource? source;
        lock (_gate)
            _sources.TryGetValue(frame.CallId, out source);
        source?.Stop();
    }

    /// <summary>
    /// The call <paramref name="callId"/> this side made has its answer, or was given up on: the streams sent as its
    /// arguments stop, since nobody reads them any more. One volatile read for a call that sent none.
    /// </summary>
    public void EndCall(uint callId)
    {
        if (Volatile.Read(ref _callSources) == 0)
            return;
        List<ByteStreamSource>? ended = null;
        lock (_gate)
        {
            foreach (ByteStreamSource source in _sources.Values)
            {
                if (source.OwnerCall == callId)
                {
                    source.OwnerCall = 0;
                    _callSources--;
                    (ended ??= new List<ByteStreamSource>()).Add(source);
                }
            }
        }

        if (ended is null)
            return;
        foreach (ByteStreamSource source in ended)
            source.Stop();
    }

    // ---- what sources and inboxes report ----

    /// <summary>A source's pump has ended: its id may be given out again once the ids wrap.</summary>
    public void Forget(ByteStreamSource source)
    {
        lock (_gate)
        {
            if (_sources.TryGetValue(source.Id, out ByteStreamSource? current) && ReferenceEquals(current, source))
            {
                _sources.Remove(source.Id);
                if (source.OwnerCall != 0)
                {
                    source.OwnerCall = 0;
                    _callSources--;
                }
            }
        }
    }

    /// <summary>An inbox was given up by its reader before the end: true when the writer must be told (BYTES_STOP).</summary>
    public bool Forget(ByteStreamInbox inbox)
    {
        lock (_gate)
        {
            if (!_inboxes.TryGetValue(inbox.Id, out ByteStreamInbox? current) || !ReferenceEquals(current, inbox))
                return false;
            _inboxes.Remove(inbox.Id);
            return _closed is null;
        }
    }

    public void SendBytes(uint id, ReadOnlyMemory<byte> piece)
    {
        _output.Write(FrameType.Bytes, id, new BytesBody(piece));
        _output.Flush();
    }

    public void SendEnd(uint id)
    {
        if (_output.TryWrite(FrameType.BytesEnd, id, new EmptyBody()))
            _output.Flush();
    }

    public void SendFailure(uint id, Exception error) => _connection.SendErrorFrame(FrameType.BytesEnd, id, error);

    public void SendCredit(uint id, uint bytes)
    {
        if (_output.TryWrite(FrameType.BytesCredit, id, new CreditBody(bytes)))
            _output.Flush();
    }

    public void SendStop(uint id)
    {
        if (_output.TryWrite(FrameType.BytesStop, id, new EmptyBody()))
            _output.Flush();
    }

    /// <summary>The connection closed: every source stops (and disposes its stream), every reader fails with <paramref name="reason"/>.</summary>
    public void Close(RompException reason)
    {
        ByteStreamSource[] sources;
        ByteStreamInbox[] inboxes;
        lock (_gate)
        {
            _closed ??= reason;
            sources = [.. _sources.Values];
            inboxes = [.. _inboxes.Values];
            _sources.Clear();
            _inboxes.Clear();
            _callSources = 0;
        }

        foreach (ByteStreamSource source in sources)
            source.Stop();
        foreach (ByteStreamInbox inbox in inboxes)
            inbox.OnEnd(new RompException(reason.Error, reason.Message, reason.InnerException));
    }

    void IFrameScope.OnFrameStarting(FrameType type, uint callId)
    {
        _frameType = type;
        _frameCallId = callId;
        _sentInFrame?.Clear();
    }

    void IFrameScope.OnFrameAbandoned()
    {
        if (_sentInFrame is not { Count: > 0 } sent)
            return;
        // The peer never sees these ids: their pumps stop before any credit can come, and dispose their streams.
        foreach (ByteStreamSource source in sent)
        {
            Forget(source);
            source.Stop();
        }

        sent.Clear();
    }

    // Romp owns a stream from the moment it is handed to it, sent or not: one it cannot send is disposed too.
    private static RompException Refuse(Stream stream, string why)
    {
        DisposeSoon(stream);
        return new RompException(RompError.UnsupportedType, why);
    }

    // Not under the output's lock, where this runs: disposing is the stream's own code.
    private static void DisposeSoon(Stream stream) =>
        ThreadPool.UnsafeQueueUserWorkItem(static stream =>
        {
            try
            {
                stream.Dispose();
            }
            catch (Exception)
            {
                // Nothing was sent: the stream's failing to close is its own business.
            }
        }, stream, preferLocal: false);

    private ByteStreamInbox? FindInbox(uint id, bool remove)
    {
        lock (_gate)
        {
            if (!_inboxes.TryGetValue(id, out ByteStreamInbox? inbox))
                return null;
            if (remove)
                _inboxes.Remove(id);
            return inbox;
        }
    }
}
