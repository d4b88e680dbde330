using System.Buffers.Binary;
using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Live;

/// <summary>
/// Parses what the server sends on one fuzzing connection, as it arrives, with the fuzzer's own reading of
/// docs/protocol.md, and checks the rules a server must keep whatever it was sent: a valid hello first; only valid
/// frames within the client's max frame; answers only for calls the client sent, and no more of them than it sent;
/// nothing at all after GOODBYE (§3.10); and no EXCEPTION with error Remote, since the target never throws.
/// </summary>
internal sealed class ServerOutputChecker
{
    private const int MaxBuffered = 4 << 20;

    private readonly SentCalls _sent;
    private readonly uint _clientMaxFrame;
    private readonly string _context;
    private readonly FuzzFindings _findings;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<uint, TaskCompletionSource> _waiting = new();

    // Owned by the receive loop: the bytes not yet parsed, and what has been seen. _waiting is shared with the sender.
    private byte[] _buffer = new byte[4096];
    private int _count;
    private bool _helloSeen;
    private bool _goodbyeSeen;
    private bool _failed;
    private bool _refused;

    public ServerOutputChecker(SentCalls sent, uint clientMaxFrame, string context, FuzzFindings findings)
    {
        _sent = sent;
        _clientMaxFrame = clientMaxFrame;
        _context = context;
        _findings = findings;
    }

    public long Frames { get; private set; }

    public bool GoodbyeSeen => _goodbyeSeen;

    /// <summary>Completes when the call is answered or the connection ends, whichever is first.</summary>
    public Task WhenAnswered(uint callId)
    {
        lock (_waiting)
        {
            if (_closed.Task.IsCompleted)
                return Task.CompletedTask;
            if (!_waiting.TryGetValue(callId, out TaskCompletionSource? waiter))
                _waiting[callId] = waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return waiter.Task;
        }
    }

    public void Append(ReadOnlySpan<byte> data)
    {
        if (_failed)
            return;
        if (_count + data.Length > _buffer.Length)
        {
            if (_count + data.Length > MaxBuffered)
            {
                Report("server-frame-too-large", $"the server sent a frame over {MaxBuffered} bytes");
                return;
            }

            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _count + data.Length));
        }

        data.CopyTo(_buffer.AsSpan(_count));
        _count += data.Length;
        int consumed = Parse(_buffer.AsSpan(0, _count));
        _buffer.AsSpan(consumed, _count - consumed).CopyTo(_buffer);
        _count -= consumed;
    }

    /// <summary>The connection is over: nothing more will arrive, so nobody waits for an answer any longer.</summary>
    public void Ended()
    {
        lock (_waiting)
        {
            _closed.TrySetResult();
            foreach (TaskCompletionSource waiter in _waiting.Values)
                waiter.TrySetResult();
        }
    }

    /// <summary>After the server's FIN: its output must not stop inside a frame.</summary>
    public void CheckComplete()
    {
        if (!_failed && _count > 0)
            Report("server-partial-frame", $"the server's output ends with {_count} bytes of an unfinished {(_helloSeen ? "frame" : "hello")}");
    }

    private int Parse(ReadOnlySpan<byte> data)
    {
        int position = 0;
        if (!_helloSeen)
        {
            if (data.Length < WireType.HelloSize)
                return 0;
            // §1.1: a sender sets no flag bits but authentication required (0x1), refused (0x2), keepalive (0x4), call
            // headers (0x8), drain (0x10), describe (0x20), byte streams (0x40) and fault details (0x80).
            ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(data.Slice(6));
            if (WireParser.CheckHello(data) != HelloCheck.Valid || (flags & ~0xFF) != 0)
            {
                Report("server-bad-hello", $"the server's hello is {Convert.ToHexString(data.Slice(0, WireType.HelloSize))}");
                return data.Length;
            }

            _helloSeen = true;
            _refused = (flags & 0x2) != 0;
            position = WireType.HelloSize;
        }

        // Every round consumes a header at least: bounded by the bytes there are.
        while (!_failed && data.Length - position >= WireType.HeaderSize)
        {
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position));
            byte type = data[position + 4];
            uint callId = BinaryPrimitives.ReadUInt32LittleEndian(data.Slice(position + 5));
            if (!WireType.IsValid(type) || length > _clientMaxFrame)
            {
                Report("server-bad-frame", $"the server sent a header of type {type} and length {length}");
                return data.Length;
            }

            if (data.Length - position - WireType.HeaderSize < length)
                break;
            OnFrame(type, callId, data.Slice(position + WireType.HeaderSize, (int)length));
            position += WireType.HeaderSize + (int)length;
        }

        return position;
    }

    private void OnFrame(byte type, uint callId, ReadOnlySpan<byte> payload)
    {
        Frames++;
        if (_goodbyeSeen)
        {
            Report("frame-after-goodbye", $"the server sent a type {type} frame for call {callId} after its GOODBYE");
            return;
        }

        // §1.2: a refusing hello is followed by one GOODBYE and nothing else.
        if (_refused && type != WireType.Goodbye)
            Report("frame-after-refusal", $"the server refused the connection in its hello, then sent a type {type} frame");

        switch (type)
        {
            case WireType.RetVal or WireType.Exception:
                if (!_sent.TakeEnd(callId))
                    Report("answer-to-unsent-call", $"the server sent type {type} for call {callId}, which the client never sent (or already had its answer)");
                if (type == WireType.Exception)
                    CheckException(callId, payload);
                Answered(callId);
                break;
            case WireType.Yield:
                if (!_sent.IsStream(callId))
                    Report("answer-to-unsent-call", $"the server sent YIELD for call {callId}, which the client never sent as a stream");
                break;
            case WireType.NullMsg:
                if (!_sent.TakeAck(callId))
                    Report("answer-to-unsent-call", $"the server sent NULL_MSG for call {callId}, which the client never sent as ONEWAY_SYNC or SYNC");
                Answered(callId);
                break;
            case WireType.Goodbye:
                _goodbyeSeen = true;
                var reader = new ValueReader(payload);
                if (!reader.Byte(out _) || !reader.String(out _) || !reader.AtEnd)
                    Report("server-bad-goodbye", $"the server's GOODBYE payload is {Convert.ToHexString(payload)}");
                break;
        }
    }

    private void CheckException(uint callId, ReadOnlySpan<byte> payload)
    {
        var reader = new ValueReader(payload);
        if (!reader.Byte(out byte error) || !reader.String(out string? type) || !reader.String(out string? message)
            || !reader.String(out _) || !(reader.AtEnd || ErrorDetail(ref reader)) || type is null)
        {
            Report("server-bad-exception", $"the server's EXCEPTION for call {callId} is malformed: {Convert.ToHexString(payload)}");
            return;
        }

        // The target never throws; a cancelled stream may end in OperationCanceledException. Any other Remote error is
        // the runtime's own exception escaping as if the method had thrown it.
        if (error == 0 && type is not ("System.OperationCanceledException" or "System.Threading.Tasks.TaskCanceledException"))
            Report("runtime-exception-escaped", $"call {callId} failed with {type}: {message}");
    }

    // §3.4: the detail a client whose hello has the fault-details flag is sent; kind, body, inner chain, nothing after.
    private static bool ErrorDetail(ref ValueReader reader)
    {
        if (!reader.Byte(out byte kind) || kind > 2 || !reader.Length(out int body) || body < 0 || !reader.Skip(body) || !reader.UInt16(out ushort inner))
            return false;
        for (int i = 0; i < inner; i++)
        {
            if (!reader.UInt16(out ushort parent) || parent > i || !reader.String(out _) || !reader.String(out _) || !reader.String(out _))
                return false;
        }

        return reader.UInt32(out _) && reader.AtEnd;
    }

    private void Answered(uint callId)
    {
        lock (_waiting)
        {
            if (_waiting.Remove(callId, out TaskCompletionSource? waiter))
                waiter.TrySetResult();
        }
    }

    private void Report(string kind, string detail)
    {
        _findings.Report(kind, $"{_context}: {detail}");
        if (kind is "server-bad-hello" or "server-bad-frame" or "server-frame-too-large")
            _failed = true;
    }
}
