using System.Buffers;
using Romp.Connections;
using Romp.Internal;
using Romp.Protocol;

namespace Romp.Rpc;

/// <summary>
/// Sends one <see cref="Stream"/> this side passed as an argument or returned as a result: reads it a piece at a time,
/// never more than the reader has granted (BYTES_CREDIT), and ends with BYTES_END. Stops, without a word, when the
/// reader says BYTES_STOP, when the call it is an argument of ends, or when the connection closes; it disposes the
/// stream whichever way it ends. Memory: one pooled piece, whatever the stream's length.
/// </summary>
internal sealed class ByteStreamSource : IThreadPoolWorkItem
{
    /// <summary>
    /// The most bytes one BYTES frame carries: with its header, 32 KiB, so that writing the frame never asks the pipe for
    /// more than one of its 64 KiB blocks however the span it starts in is filled.
    /// </summary>
    public const int MaxPiece = 32 * 1024 - FrameHeader.Size;

    private readonly ByteStreamTable _table;
    private readonly Stream _stream;
    // Cancels a read of the stream in progress when the pump stops. Never disposed: it has no timer and is linked to
    // nothing, and a Stop racing the pump's end must find it usable.
    private readonly CancellationTokenSource _stop = new();

    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly ReusableSignal _credited = new(); // armed by the pump when it runs out of credit
    private long _credit;
    private bool _stopped;

    public ByteStreamSource(ByteStreamTable table, uint id, Stream stream, uint ownerCall)
    {
        _table = table;
        _stream = stream;
        Id = id;
        OwnerCall = ownerCall;
    }

    /// <summary>The stream's id in this side's space, as the reader's frames name it.</summary>
    public uint Id { get; }

    /// <summary>The call this stream is an argument of, while it waits for its answer; 0 for none. Guarded by the table's lock.</summary>
    public uint OwnerCall { get; set; }

    /// <summary>Starts the pump on the pool; it waits for the reader's first credit.</summary>
    public void Start() => ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);

    void IThreadPoolWorkItem.Execute() => _ = PumpAsync();

    /// <summary>BYTES_CREDIT: the reader takes <paramref name="bytes"/> more.</summary>
    public void Grant(uint bytes)
    {
        lock (_gate)
        {
            _credit += bytes;
            _credited.TrySet();
        }
    }

    /// <summary>Stops the pump: nothing more is sent for this stream. From any thread; the stream's own read is cancelled on the pool.</summary>
    public void Stop()
    {
        lock (_gate)
        {
            if (_stopped)
                return;
            _stopped = true;
            _credited.TrySet();
        }

        // Asynchronously: a stream's cancellation callbacks are user code, and this may run on the read loop.
        _ = _stop.CancelAsync();
    }

    private bool IsStopped
    {
        get
        {
            lock (_gate)
                return _stopped;
        }
    }

    private async Task PumpAsync()
    {
        byte[] piece = ArrayPool<byte>.Shared.Rent(MaxPiece);
        try
        {
            while (true)
            {
                long credit = await WaitForCreditAsync().ConfigureAwait(false);
                if (credit == 0)
                    return;

                int read;
                try
                {
                    read = await _stream.ReadAsync(piece.AsMemory(0, (int)Math.Min(credit, _table.MaxPiece)), _stop.Token).ConfigureAwait(false);
                }
                catch (Exception error) when (!IsStopped)
                {
                    // The stream failed: the reader's next read throws what it threw.
                    _table.SendFailure(Id, error);
                    return;
                }

                if (IsStopped)
                    return;
                if (read == 0)
                {
                    _table.SendEnd(Id);
                    return;
                }

                // Like any sender, a pump waits while the output to the peer is backlogged.
                await _table.Output.WaitForRoomAsync().ConfigureAwait(false);
                lock (_gate)
                {
                    if (_stopped)
                        return;
                    _credit -= read;
                }

                _table.SendBytes(Id, piece.AsMemory(0, read));
            }
        }
        catch (Exception)
        {
            // Only writing can fail here, and a write fails only once the connection is closed: nobody is left to tell.
        }
        finally
        {
            _table.Forget(this);
            ArrayPool<byte>.Shared.Return(piece);
            await DisposeStreamAsync().ConfigureAwait(false);
        }
    }

    // The credit there is, or 0 once stopped. The wait counts as waiting on the peer: its BYTES_CREDIT may be behind a call
    // that the read loop would otherwise stop in front of.
    private async ValueTask<long> WaitForCreditAsync()
    {
        while (true)
        {
            ValueTask wait;
            lock (_gate)
            {
                if (_stopped)
                    return 0;
                if (_credit > 0)
                    return _credit;
                wait = _credited.Arm();
            }

            _table.Connection.BeginWaitingOnPeer();
            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                _table.Connection.EndWaitingOnPeer();
            }
        }
    }

    private async ValueTask DisposeStreamAsync()
    {
        try
        {
            await _stream.DisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The stream's own disposal failing is the stream's business: every byte it had was sent or not wanted.
        }
    }
}
