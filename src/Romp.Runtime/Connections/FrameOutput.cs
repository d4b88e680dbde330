using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Romp.Diagnostics;
using Romp.Internal;
using Romp.Protocol;
using Romp.Telemetry;

namespace Romp.Connections;

/// <summary>
/// The writing half of a connection: the single writer of the output <see cref="PipeWriter"/>, its flush policy, its
/// backpressure, and its orderly completion. Knows frames, not calls.
/// </summary>
/// <remarks>
/// It keeps the <see cref="IBufferWriter{T}"/> contract of any <see cref="PipeWriter"/>: a frame is written into one span
/// and advanced once (<see cref="FrameWriter"/>), and nothing touches the pipe while a flush is in progress. Frames
/// written meanwhile go to a staging buffer that the flusher moves into the pipe before its next flush, so writers
/// never wait for a flush in progress, and a burst leaves in a few large writes. The flusher is the only code that
/// flushes or completes the pipe; once a flush has failed, nothing touches the pipe again.
/// </remarks>
internal sealed class FrameOutput
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);

    private readonly PipeWriter _output;
    private readonly IFrameScope _frameScope;
    private readonly RompConnection _connection; // the context formatters of remote references write for; told to abort
    private readonly LinkActivity _activity; // what the peer sent and the transport took: a waiting flush is stalled only when neither moves
    private readonly TimeSpan _stalledWriteTimeout;
    private readonly ILogger _logger;
    private readonly ConversationTrace? _trace; // null unless the conversation is traced: then it sees every frame written

    // All guarded by _gate.
    private readonly object _gate = new();
    private readonly SegmentedBuffer _staging = new(); // frames written while a flush is in progress, in order
    private bool _flushing;        // the flusher owns the pipe; stays true for good once the writer is done or dead
    private bool _flushRequested;
    private bool _closed;          // no new frame is taken
    private bool _completeRequested; // the flusher completes the pipe once it has sent what is staged
    private bool _dead;            // a flush failed: the pipe must not be touched again
    private RompException? _closeReason;
    private long _unflushed;       // written and not yet flushed; read without the lock as a hint
    private TaskCompletionSource? _room; // completed when a flush makes room; only allocated under backpressure
    private TaskCompletionSource<bool>? _completed; // the orderly completion's outcome

    private long _waitingSince; // owned by the flusher: when the flush in progress began waiting on the transport, 0 while none waits

    private int _flushSoonScheduled;
    private IThreadPoolWorkItem? _deferredFlush;
    private int _peerMaxFrameSize = RompConnectionOptions.MinimumFrameSize;

    public FrameOutput(PipeWriter output, IFrameScope frameScope, RompConnection connection, LinkActivity activity, TimeSpan stalledWriteTimeout, ILogger logger)
    {
        _output = output;
        _frameScope = frameScope;
        _connection = connection;
        _activity = activity;
        _stalledWriteTimeout = stalledWriteTimeout;
        _logger = logger;
        _trace = connection.Trace;
    }

    /// <summary>The largest payload the peer accepts, from its hello; larger frames are refused before they are sent.</summary>
    public int PeerMaxFrameSize
    {
        get => Volatile.Read(ref _peerMaxFrameSize);
        set => Volatile.Write(ref _peerMaxFrameSize, value);
    }

    /// <summary>True while so much is written and unflushed that a writer should wait (<see cref="WaitForRoomAsync"/>).</summary>
    public bool IsBacklogged => Interlocked.Read(ref _unflushed) > ConnectionSettings.MaxUnflushedBytes;

    /// <summary>True while a flush waits for the transport to take it: the stall check, not the keepalive, judges the peer then.</summary>
    public bool IsWaitingOnTransport => Volatile.Read(ref _waitingSince) != 0;

    /// <summary>Sends our hello, before any frame; only the handshake calls it.</summary>
    public async ValueTask SendHelloAsync(int maxFrameSize, HelloFlags flags, CancellationToken cancellationToken)
    {
        Handshake.Write(_output.GetSpan(Handshake.Size), maxFrameSize, flags);
        _output.Advance(Handshake.Size);
        _trace?.OnHelloSent(maxFrameSize, flags);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes one frame, without waiting. The frame is whole or absent: a body that throws, or is larger than the peer
    /// accepts, leaves nothing behind and the exception propagates. Throws the close reason once the output is closed.
    /// </summary>
    public void Write<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        lock (_gate)
        {
            if (_closed)
                ThrowHelper.ThrowClosed(_closeReason);
            WriteLocked(type, callId, in body);
        }
    }

    /// <summary>Writes one frame if the output is open; false when it is closed (the peer is gone, nobody needs it).</summary>
    public bool TryWrite<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        lock (_gate)
        {
            if (_closed)
                return false;
            WriteLocked(type, callId, in body);
            return true;
        }
    }

    /// <summary>
    /// Writes GOODBYE as the last frame and closes the output in the same step, so that no answer still being produced
    /// can follow it (docs/protocol.md: the sender will send nothing more), then flushes. False when the output was
    /// already closed: a goodbye, or the peer's loss, came first.
    /// </summary>
    public bool TrySayGoodbye(byte reason, string message)
    {
        lock (_gate)
        {
            if (_closed)
                return false;
            _closed = true;
            _closeReason ??= new RompException(RompError.ClosedConnection, message);
            SignalRoomLocked();
            WriteLocked(FrameType.Goodbye, 0, new GoodbyeBody(reason, ShortText.Shorten(message, ShortText.MaxGoodbyeLength)));
        }

        Flush();
        return true;
    }

    private void WriteLocked<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        IBufferWriter<byte> target = _flushing ? _staging : _output;
        int written;
        _frameScope.OnFrameStarting(type, callId);
        try
        {
            written = FrameWriter.Write(target, type, callId, in body, _peerMaxFrameSize, _connection, _trace);
            _unflushed += written;
        }
        catch
        {
            _frameScope.OnFrameAbandoned();
            throw;
        }

        if (ConnectionTelemetry.CountsFramesSent)
            _connection.Telemetry.FrameSent(type, written);
    }

    /// <summary>Flushes on this thread now, or leaves it to the flush already running, which then takes these bytes too.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            if (_flushing)
            {
                _flushRequested = true;
                return;
            }

            if (_unflushed == 0)
                return;
            _flushing = true;
        }

        _ = FlushLoopAsync();
    }

    /// <summary>
    /// Flushes soon on a pool thread. Senders use this when more frames are coming, so that a burst leaves in a few large
    /// writes instead of one system call each.
    /// </summary>
    public void FlushSoon()
    {
        if (Interlocked.Exchange(ref _flushSoonScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_deferredFlush ??= new DeferredFlush(this), preferLocal: false);
    }

    /// <summary>
    /// Completes at once unless the output is backlogged; then once a flush has made room, or the output closed. A
    /// backlog with no flush running (one was only scheduled) is flushed on this thread first. A peer that takes nothing
    /// and sends nothing for StalledWriteTimeout closes the connection: the flusher watches for that.
    /// </summary>
    public ValueTask WaitForRoomAsync() => IsBacklogged ? WaitForRoomSlowAsync() : default;

    /// <summary>The blocking form of <see cref="WaitForRoomAsync"/>, for synchronous senders, which block as a socket would.</summary>
    public void WaitForRoom()
    {
        while (IsBacklogged && RoomTask() is { } room)
            room.Wait();
    }

    private async ValueTask WaitForRoomSlowAsync()
    {
        while (IsBacklogged && RoomTask() is { } room)
            await room.ConfigureAwait(false);
    }

    // Null when there is room or the output is closed (writing will say so). Starts the flush a backlog needs.
    private Task? RoomTask()
    {
        while (true)
        {
            lock (_gate)
            {
                if (_unflushed <= ConnectionSettings.MaxUnflushedBytes || _closed)
                    return null;
                if (_flushing)
                {
                    _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    return _room.Task;
                }

                _flushing = true;
            }

            _ = FlushLoopAsync();
        }
    }

    /// <summary>No new frame is taken from now on; waiters wake. What is written still goes out with <see cref="CompleteAsync"/>.</summary>
    public void Close(RompException reason)
    {
        lock (_gate)
        {
            _closeReason ??= reason;
            _closed = true;
            SignalRoomLocked();
        }
    }

    /// <summary>Closes at once and drops what is staged: the transport is being torn down.</summary>
    public void Abandon(RompException reason)
    {
        lock (_gate)
        {
            _closeReason ??= reason;
            _closed = true;
            _staging.Clear();
            SignalRoomLocked();
        }
    }

    /// <summary>
    /// Closes, then has the flusher send what is written (a GOODBYE among it) and complete the pipe. True once it has;
    /// false when that failed or took more than a few seconds (a peer that stopped reading must not hold the close
    /// hostage), and then the caller must abort the transport instead of closing it.
    /// </summary>
    public async ValueTask<bool> CompleteAsync(RompException reason)
    {
        bool start;
        Task<bool> completed;
        lock (_gate)
        {
            _closeReason ??= reason;
            _closed = true;
            SignalRoomLocked();
            if (_dead)
                return false;
            _completeRequested = true;
            _completed ??= new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            completed = _completed.Task;
            start = !_flushing;
            _flushing = true;
        }

        if (start)
            _ = FlushLoopAsync();
        try
        {
            return await completed.WaitAsync(s_closeTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    // The one flusher. It completes synchronously unless the output pushes back, so the usual flush allocates nothing.
    private async Task FlushLoopAsync()
    {
        try
        {
            while (true)
            {
                long flushing;
                bool complete;
                lock (_gate)
                {
                    _flushRequested = false;
                    if (!_staging.IsEmpty)
                        _staging.MoveTo(_output);
                    flushing = _unflushed;
                    complete = _completeRequested;
                }

                if (complete)
                {
                    ValueTask done = _output.CompleteAsync();
                    if (!done.IsCompletedSuccessfully)
                        await done.AsTask().WaitAsync(s_closeTimeout).ConfigureAwait(false);
                    lock (_gate)
                        _unflushed = 0; // _flushing stays: the pipe is finished
                    _completed!.TrySetResult(true);
                    return;
                }

                ValueTask<FlushResult> flush = _output.FlushAsync();
                FlushResult result = flush.IsCompletedSuccessfully ? flush.Result : await FlushWithinStallTimeoutAsync(flush).ConfigureAwait(false);
                if (result.IsCompleted)
                    throw new IOException("The transport stopped taking data.");

                lock (_gate)
                {
                    _unflushed -= flushing;
                    if (!_flushRequested && _staging.IsEmpty && !_completeRequested)
                    {
                        _flushing = false;
                        SignalRoomLocked();
                        return;
                    }

                    SignalRoomLocked();
                }
            }
        }
        catch (Exception error)
        {
            // The pipe may still have a flush in flight: it is never touched again (_flushing stays true), and the
            // connection is aborted from the pool, not from inside whoever asked for this flush. A writer that comes
            // first is told why.
            // A transport that broke under the write (a reset, a broken pipe) is the same loss the reader reports.
            RompException reason = error switch
            {
                RompException rompError => rompError,
                IOException or System.Net.Sockets.SocketException => new RompException(RompError.ConnectionBroken, "The connection broke while sending: " + error.Message, error),
                _ => new RompException(RompError.SendFailed, "Writing to the connection failed: " + error.Message, error),
            };
            lock (_gate)
            {
                _dead = true;
                _closed = true;
                _closeReason ??= reason;
                _staging.Clear();
                SignalRoomLocked();
            }

            _completed?.TrySetResult(false);
            Log.WriteFailed(_logger, _connection, error);
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Connection.Abort(state.Reason), (Connection: _connection, Reason: reason), preferLocal: false);
        }
    }

    // A flush that waits is stalled only once, for StalledWriteTimeout, the transport has taken none of it and nothing
    // has arrived from the peer either: a slow peer keeps taking bytes, and a paused one keeps sending its proof-of-life
    // PINGs; neither is a dead one. Re-armed from the last sign of life, so a flush may take as long as the peer is slow.
    private async ValueTask<FlushResult> FlushWithinStallTimeoutAsync(ValueTask<FlushResult> flush)
    {
        long since = Environment.TickCount64;
        Volatile.Write(ref _waitingSince, since);
        try
        {
            if (_stalledWriteTimeout == Timeout.InfiniteTimeSpan)
                return await flush.ConfigureAwait(false);
            Task<FlushResult> pending = flush.AsTask();
            long limit = (long)_stalledWriteTimeout.TotalMilliseconds;
            while (true)
            {
                long progress = Math.Max(since, Math.Max(_activity.LastReceived, _activity.LastSent));
                long remaining = progress + limit - Environment.TickCount64;
                if (remaining <= 0)
                {
                    _output.CancelPendingFlush();
                    throw new RompException(RompError.SendFailed,
                        $"The peer has taken nothing this side sent, and sent nothing, for {_stalledWriteTimeout.TotalSeconds:0.#} s (StalledWriteTimeout); the connection is closed.");
                }

                try
                {
                    return await pending.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(remaining, int.MaxValue))).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Look again: the peer may have moved meanwhile.
                }
            }
        }
        finally
        {
            Volatile.Write(ref _waitingSince, 0);
        }
    }

    private void SignalRoomLocked()
    {
        if (_room is null || (_unflushed > ConnectionSettings.MaxUnflushedBytes && !_closed))
            return;
        _room.TrySetResult();
        _room = null;
    }

    private sealed class DeferredFlush(FrameOutput output) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            Volatile.Write(ref output._flushSoonScheduled, 0);
            output.Flush();
        }
    }
}
