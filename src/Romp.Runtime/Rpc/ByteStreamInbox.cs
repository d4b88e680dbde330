using System.Buffers;
using Romp.Connections;
using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// Receives one byte stream the peer sends: holds the BYTES frames' pieces until its reader takes them, and grants the
/// writer credit so that it never holds more than <see cref="Window"/> bytes. Nothing is granted before the first read:
/// a stream nobody reads costs the peer nothing to hold and this side nothing to buffer.
/// </summary>
internal sealed class ByteStreamInbox
{
    /// <summary>The most bytes buffered for one stream; the reader grants half a window again each time it has taken that much.</summary>
    public const int Window = 1024 * 1024;

    private static readonly Action<object?> s_wake = static state => ((ByteStreamInbox)state!).WakeReader();

    private readonly ByteStreamTable _table;
    private readonly CancellationToken _callToken; // the received call this stream is an argument of: the caller gave up on it

    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly Queue<(byte[] Piece, int Length)> _pieces = new(); // pooled arrays, in arrival order
    private readonly ReusableSignal _arrived = new(); // armed by a reader waiting for bytes
    private int _headTaken;        // bytes of the first piece already read
    private long _unspentCredit;   // granted and not yet received: a BYTES frame larger than this breaks the protocol
    private long _takenSinceGrant;
    private bool _started;         // the first read granted the first window
    private bool _reading;         // a read is waiting
    private bool _ended;           // BYTES_END arrived, or the connection closed
    private bool _abandoned;       // the reader disposed it
    private Exception? _failure;   // how the stream ended, when not at its end

    public ByteStreamInbox(ByteStreamTable table, uint id, CancellationToken callToken)
    {
        _table = table;
        Id = id;
        _callToken = callToken;
    }

    /// <summary>The stream's id in the peer's space.</summary>
    public uint Id { get; }

    /// <summary>True while the read loop of the connection runs on this thread with InlineDispatch: a blocking read would wait forever.</summary>
    public bool IsOnReadLoop => _table.Connection.Channel.IsRunningInlineOnThisThread;

    /// <summary>BYTES, on the read loop: the piece is copied out of the frame, which the pipe reuses.</summary>
    /// <exception cref="RompException"><see cref="RompError.InvalidMessage"/>: more bytes than were granted.</exception>
    public void OnBytes(System.Buffers.ReadOnlySequence<byte> payload)
    {
        lock (_gate)
        {
            if (_ended || _abandoned)
                return; // sent before the writer read our BYTES_STOP
            if (payload.Length > _unspentCredit)
                ThrowHelper.ThrowInvalidData($"Byte stream {Id} sent {payload.Length} bytes where {_unspentCredit} were granted.");
            int length = (int)payload.Length;
            byte[] piece = ArrayPool<byte>.Shared.Rent(length);
            payload.CopyTo(piece);
            _pieces.Enqueue((piece, length));
            _unspentCredit -= length;
            _arrived.TrySet();
        }
    }

    /// <summary>BYTES_END (a null <paramref name="failure"/> is the end), or the connection's close.</summary>
    public void OnEnd(Exception? failure)
    {
        lock (_gate)
        {
            if (_ended)
                return;
            _ended = true;
            _failure = failure;
            _arrived.TrySet();
        }
    }

    /// <summary>
    /// Copies up to <paramref name="buffer"/>'s length of what has arrived, waiting for the first bytes when there are
    /// none; 0 at the end. One read at a time, as for any <see cref="Stream"/>.
    /// </summary>
    public async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        while (true)
        {
            uint grant = 0;
            int taken;
            Exception? failure;
            ValueTask wait = default;
            bool waiting = false;
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_abandoned, typeof(Stream));
                if (_reading)
                    throw new InvalidOperationException("A Romp byte stream is read by one read at a time.");
                if (!_started && !_ended)
                {
                    _started = true;
                    _unspentCredit = Window;
                    grant = Window;
                }

                taken = TakeLocked(buffer.Span, ref grant);
                failure = _failure;
                if (taken == 0 && !_ended && !buffer.IsEmpty)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    // The caller gave up on the call this stream is an argument of: its writer has stopped.
                    _callToken.ThrowIfCancellationRequested();
                    _reading = true;
                    waiting = true;
                    wait = _arrived.Arm();
                }
            }

            if (grant > 0)
                _table.SendCredit(Id, grant);
            if (!waiting)
            {
                // Ended with nothing left: the end (0), or how it failed, every time it is read.
                if (taken == 0 && failure is not null)
                    throw failure;
                return taken;
            }

            await WaitAsync(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The reader is done with the stream, at its end or not: its pieces go back, and a writer still sending is told to stop.</summary>
    public void Abandon()
    {
        lock (_gate)
        {
            if (_abandoned)
                return;
            _abandoned = true;
            while (_pieces.TryDequeue(out (byte[] Piece, int Length) piece))
                ArrayPool<byte>.Shared.Return(piece.Piece);
            _arrived.TrySet();
        }

        if (_table.Forget(this))
            _table.SendStop(Id);
    }

    // The wait for bytes counts as waiting on the peer: they may be behind a call the read loop would otherwise stop at.
    private async ValueTask WaitAsync(ValueTask wait, CancellationToken cancellationToken)
    {
        CancellationTokenRegistration byCaller = cancellationToken.CanBeCanceled ? cancellationToken.UnsafeRegister(s_wake, this) : default;
        CancellationTokenRegistration byCall = _callToken.CanBeCanceled ? _callToken.UnsafeRegister(s_wake, this) : default;
        _table.Connection.BeginWaitingOnPeer();
        try
        {
            await wait.ConfigureAwait(false);
        }
        finally
        {
            _table.Connection.EndWaitingOnPeer();
            await byCaller.DisposeAsync().ConfigureAwait(false);
            await byCall.DisposeAsync().ConfigureAwait(false);
            lock (_gate)
                _reading = false;
        }

        // The read goes round again: what arrived (bytes, the end, the connection's failure) wins over a cancellation.
    }

    private void WakeReader()
    {
        lock (_gate)
            _arrived.TrySet();
    }

    // Under the lock. Grants again, into `grant`, once the reader has taken half a window since the last grant.
    private int TakeLocked(Span<byte> destination, ref uint grant)
    {
        int taken = 0;
        while (taken < destination.Length && _pieces.TryPeek(out (byte[] Piece, int Length) head))
        {
            int count = Math.Min(head.Length - _headTaken, destination.Length - taken);
            head.Piece.AsSpan(_headTaken, count).CopyTo(destination.Slice(taken));
            taken += count;
            _headTaken += count;
            if (_headTaken == head.Length)
            {
                _pieces.Dequeue();
                ArrayPool<byte>.Shared.Return(head.Piece);
                _headTaken = 0;
            }
        }

        _takenSinceGrant += taken;
        if (_takenSinceGrant >= Window / 2 && !_ended)
        {
            grant += (uint)_takenSinceGrant;
            _unspentCredit += _takenSinceGrant;
            _takenSinceGrant = 0;
        }

        return taken;
    }
}
