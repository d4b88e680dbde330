using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Romp.Bench.Raw;

/// <summary>
/// The client half of the floor: blocking sends and receives on one socket with reused buffers (or, with busy polling,
/// non-blocking ones retried at once). One-way frames are gathered in a 64 KiB buffer and sent when it fills, as Romp's
/// output pipe gathers them.
/// </summary>
internal sealed class RawConnection : IDisposable
{
    private const int OnewayFrameSize = RawFrame.HeaderSize + RawFrame.CallPayloadSize;

    // The largest reply the receive buffer grows to: far above the 64 KiB echo, small enough that a corrupt length fails.
    private const int MaxReplySize = 16 * 1024 * 1024;

    // As long as the blocking socket's ReceiveTimeout: a lost reply fails the run instead of spinning forever.
    private static readonly TimeSpan BusyPollTimeout = TimeSpan.FromSeconds(30);

    private readonly Socket _socket;
    private readonly bool _busyPoll;
    private readonly byte[] _send = new byte[64 * 1024];
    private byte[] _receive = new byte[64 * 1024];
    private byte[]? _bulkFrame; // header + payload of EchoBytes, built in one buffer as Romp's pipe builds a frame
    private int _sendLength;
    private int _receiveStart;
    private int _receiveEnd;
    private uint _nextCallId;

    private RawConnection(Socket socket, bool busyPoll)
    {
        _socket = socket;
        _busyPoll = busyPoll;
    }

    /// <summary>One-way frames sent on this connection so far.</summary>
    public long OnewaysSent { get; private set; }

    /// <summary>
    /// Connects to <paramref name="endpoint"/>. With <paramref name="busyPoll"/> the socket is non-blocking and every
    /// wait for a reply spins (the server must busy-poll too, or the floor still includes its wake-up).
    /// </summary>
    public static RawConnection Connect(string endpoint, bool busyPoll = false)
    {
        EndPoint target = RawEndpoint.Parse(endpoint);
        Socket socket = RawEndpoint.CreateSocket(target);
        try
        {
            socket.Connect(target);
            // Blocking calls must still end: a lost reply fails the run instead of hanging the tool.
            socket.ReceiveTimeout = 30_000;
            socket.SendTimeout = 30_000;
            if (socket.ProtocolType == ProtocolType.Tcp)
                socket.NoDelay = true;
            if (busyPoll)
                BusyPollSocket.Enable(socket);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new RawConnection(socket, busyPoll);
    }

    /// <summary>Sends one request and waits for its reply: the sequential round trip of Romp's EchoAsync.</summary>
    public int Echo(int value)
    {
        uint callId = NextCallId();
        RawFrame.WriteCall(_send, RawFrame.Request, callId, value);
        SendAll(_send, OnewayFrameSize);
        int payload = ReadFrame(out int length, out byte type, out uint replyId);
        if (type != RawFrame.RetVal || replyId != callId || length != RawFrame.CallPayloadSize)
            throw new InvalidDataException($"Unexpected raw reply: type {type}, call {replyId} (expected {callId}), {length} bytes.");
        int echoed = BinaryPrimitives.ReadInt32LittleEndian(_receive.AsSpan(payload + 6));
        _receiveStart = payload + length;
        return echoed;
    }

    /// <summary>
    /// Sends <paramref name="data"/> as one request frame and waits for the echo: the floor under Romp's EchoBytesAsync.
    /// The span returned is the echoed payload inside the receive buffer, valid until the next call.
    /// </summary>
    public ReadOnlySpan<byte> EchoBytes(byte[] data)
    {
        int frameSize = RawFrame.HeaderSize + data.Length;
        if (_bulkFrame is null || _bulkFrame.Length < frameSize)
            _bulkFrame = new byte[frameSize];
        uint callId = NextCallId();
        RawFrame.WriteHeader(_bulkFrame, data.Length, RawFrame.Request, callId);
        data.CopyTo(_bulkFrame.AsSpan(RawFrame.HeaderSize));
        SendAll(_bulkFrame, frameSize);
        int payload = ReadFrame(out int length, out byte type, out uint replyId);
        if (type != RawFrame.RetVal || replyId != callId || length != data.Length)
            throw new InvalidDataException($"Unexpected raw reply: type {type}, call {replyId} (expected {callId}), {length} bytes (expected {data.Length}).");
        _receiveStart = payload + length;
        return _receive.AsSpan(payload, length);
    }

    /// <summary>Queues one one-way frame; the buffer goes out when full or on <see cref="Sync"/>.</summary>
    public void Oneway(int value)
    {
        if (_send.Length - _sendLength < OnewayFrameSize)
            Flush();
        RawFrame.WriteCall(_send.AsSpan(_sendLength), RawFrame.Oneway, 0, value);
        _sendLength += OnewayFrameSize;
        OnewaysSent++;
    }

    /// <summary>Sends what is queued plus a SYNC and returns how many one-way frames the server had read when it answered.</summary>
    public long Sync()
    {
        if (_send.Length - _sendLength < RawFrame.HeaderSize)
            Flush();
        uint callId = NextCallId();
        RawFrame.WriteHeader(_send.AsSpan(_sendLength), 0, RawFrame.Sync, callId);
        _sendLength += RawFrame.HeaderSize;
        Flush();
        int payload = ReadFrame(out int length, out byte type, out uint replyId);
        if (type != RawFrame.NullMsg || replyId != callId || length != sizeof(long))
            throw new InvalidDataException($"Unexpected raw sync reply: type {type}, call {replyId} (expected {callId}), {length} bytes.");
        long count = BinaryPrimitives.ReadInt64LittleEndian(_receive.AsSpan(payload));
        _receiveStart = payload + length;
        return count;
    }

    public void Dispose() => _socket.Dispose();

    private uint NextCallId()
    {
        uint id = unchecked(++_nextCallId);
        return id == 0 ? unchecked(++_nextCallId) : id;
    }

    private void Flush()
    {
        SendAll(_send, _sendLength);
        _sendLength = 0;
    }

    private void SendAll(byte[] buffer, int count)
    {
        if (_busyPoll)
        {
            BusyPollSocket.SendAll(_socket, buffer.AsSpan(0, count), BusyPollTimeout);
            return;
        }

        int sent = 0;
        while (sent < count)
            sent += _socket.Send(buffer, sent, count - sent, SocketFlags.None);
    }

    /// <summary>Reads the next whole frame into the receive buffer; returns the offset of its payload.</summary>
    private int ReadFrame(out int length, out byte type, out uint callId)
    {
        Fill(RawFrame.HeaderSize);
        RawFrame.ReadHeader(_receive.AsSpan(_receiveStart), out length, out type, out callId);
        if (RawFrame.HeaderSize + length > MaxReplySize)
            throw new InvalidDataException($"Raw reply of {length} bytes.");
        if (RawFrame.HeaderSize + length > _receive.Length)
            Grow(RawFrame.HeaderSize + length);
        Fill(RawFrame.HeaderSize + length);
        return _receiveStart + RawFrame.HeaderSize;
    }

    private void Fill(int count)
    {
        if (_receiveStart == _receiveEnd)
            _receiveStart = _receiveEnd = 0;
        while (_receiveEnd - _receiveStart < count)
        {
            if (_receive.Length - _receiveStart < count)
            {
                Buffer.BlockCopy(_receive, _receiveStart, _receive, 0, _receiveEnd - _receiveStart);
                _receiveEnd -= _receiveStart;
                _receiveStart = 0;
            }

            int received = _busyPoll
                ? BusyPollSocket.Receive(_socket, _receive.AsSpan(_receiveEnd), BusyPollTimeout, waitWhenIdle: false)
                : _socket.Receive(_receive, _receiveEnd, _receive.Length - _receiveEnd, SocketFlags.None);
            if (received == 0)
                throw new IOException("The raw server closed the connection.");
            _receiveEnd += received;
        }
    }

    // Once, in the warm-up of the bulk echo: the unread bytes move to the front of a buffer that holds the whole frame.
    private void Grow(int frameSize)
    {
        byte[] larger = new byte[Math.Max(frameSize, _receive.Length * 2)];
        Buffer.BlockCopy(_receive, _receiveStart, larger, 0, _receiveEnd - _receiveStart);
        _receiveEnd -= _receiveStart;
        _receiveStart = 0;
        _receive = larger;
    }
}
