using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// Frames over a duplex pipe, and nothing about calls: the handshake, the read loop that parses frames and hands them
/// to an <see cref="IFrameHandler"/>, and the single writer with its flush policy and backpressure.
/// </summary>
/// <remarks>
/// Writing keeps the <see cref="IBufferWriter{T}"/> contract of any <see cref="PipeWriter"/>: a frame is written into one
/// span and advanced once (<see cref="FrameWriter"/>), and nothing touches the pipe while its flush is in progress.
/// Frames written meanwhile go to a staging buffer that the flusher moves into the pipe before its next flush, so
/// writers never wait for a flush in progress, and a burst leaves in a few large writes.
/// </remarks>
internal sealed class FrameChannel
{
    private static readonly TimeSpan s_closeTimeout = TimeSpan.FromSeconds(5);

    [ThreadStatic]
    private static FrameChannel? t_runningInline; // set while InlineDispatch work runs on this channel's read loop

    private readonly PipeReader _input;   // read by the handshake, then only by the read loop
    private readonly PipeWriter _output;  // written under _writeGate while no flush runs; flushed only by the flusher
    private readonly IFrameHandler _handler;
    private readonly IFrameScope _frameScope;
    private readonly RompConnection _connection; // the context formatters of remote references write for
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private long _discardRemaining; // owned by the read loop
    private IThreadPoolWorkItem? _handOff; // owned by the read loop: the last work its frames produced, run once it reads again

    // The output side, all guarded by _writeGate.
    private readonly object _writeGate = new();
    private readonly SegmentedBuffer _staging = new(); // frames written while a flush is in progress, in order
    private bool _flushing;
    private bool _flushRequested;
    private bool _outputClosed;
    private RompException? _closeReason;
    private long _unflushed; // written and not yet flushed; read without the lock as a hint
    private TaskCompletionSource? _room; // completed when a flush makes room; only allocated under backpressure
    private int _flushSoonScheduled;
    private IThreadPoolWorkItem? _deferredFlush;
    private int _peerMaxFrameSize = RompConnectionOptions.MinimumFrameSize;

    public FrameChannel(IDuplexPipe pipe, IFrameHandler handler, IFrameScope frameScope, RompConnection connection, ConnectionSettings settings)
    {
        _input = pipe.Input;
        _output = pipe.Output;
        _handler = handler;
        _frameScope = frameScope;
        _connection = connection;
        _settings = settings;
        _logger = settings.Logger;
    }

    /// <summary>The largest payload the peer accepts, from its hello.</summary>
    public int PeerMaxFrameSize => _peerMaxFrameSize;

    /// <summary>The read loop; completes once it has ended and told the handler.</summary>
    public Task ReadLoop => _readLoop;

    /// <summary>True while so much is written and unflushed that a writer should wait (<see cref="WaitForRoomAsync"/>).</summary>
    public bool IsBacklogged => Interlocked.Read(ref _unflushed) > ConnectionSettings.MaxUnflushedBytes;

    /// <summary>
    /// Exchanges hellos: sends ours at once, then checks the peer's as its bytes arrive, so a peer that does not speak
    /// Romp is refused on its first bytes and one that says nothing is dropped after the timeout.
    /// </summary>
    public async Task HandshakeAsync(Func<bool, Exception?, RompException> closedDuringHandshake, CancellationToken cancellationToken)
    {
        Handshake.Write(_output.GetSpan(Handshake.Size), _settings.MaxFrameSize);
        _output.Advance(Handshake.Size);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_settings.HandshakeTimeout != Timeout.InfiniteTimeSpan)
            timeout.CancelAfter(_settings.HandshakeTimeout);
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (Handshake.TryRead(ref buffer, out int peerMax))
                {
                    // Frames may have arrived with the hello: leave them unexamined so the read loop sees them at once.
                    _input.AdvanceTo(buffer.Start);
                    _peerMaxFrameSize = peerMax;
                    return;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    throw closedDuringHandshake(!buffer.IsEmpty, null);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RompException(RompError.Timeout, $"The peer did not complete the Romp handshake within {_settings.HandshakeTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception error) when (error is not RompException and not OperationCanceledException)
        {
            // A reset before the hello: a refusing acceptor closes with our hello unread, which the kernel turns into RST.
            throw closedDuringHandshake(false, error);
        }
    }

    /// <summary>Starts the read loop; call once, after a successful handshake.</summary>
    public void Start()
    {
        // The loop must not carry the starter's execution context (an AsyncLocal of one caller) into every frame.
        using (ExecutionContext.SuppressFlow())
            _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Asks the read loop to stop at its next read; <see cref="ReadLoop"/> completes once it has.</summary>
    public void StopReading() => _input.CancelPendingRead();

    // ---- writing ----

    /// <summary>
    /// Writes one frame, without waiting. The frame is whole or absent: a body that throws, or is larger than the peer
    /// accepts, leaves nothing behind and the exception propagates. Throws the close reason once the output is closed.
    /// </summary>
    public void Write<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        lock (_writeGate)
        {
            if (_outputClosed)
                ThrowHelper.ThrowClosed(_closeReason);
            WriteLocked(type, callId, in body);
        }
    }

    /// <summary>Writes one frame if the output is open; false when it is closed (the peer is gone, nobody needs it).</summary>
    public bool TryWrite<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        lock (_writeGate)
        {
            if (_outputClosed)
                return false;
            WriteLocked(type, callId, in body);
            return true;
        }
    }

    private void WriteLocked<TBody>(FrameType type, uint callId, in TBody body) where TBody : struct, IRompArgs
    {
        IBufferWriter<byte> target = _flushing ? _staging : _output;
        _frameScope.OnFrameStarting();
        try
        {
            _unflushed += FrameWriter.Write(target, type, callId, in body, _peerMaxFrameSize, _connection);
        }
        catch
        {
            _frameScope.OnFrameAbandoned();
            throw;
        }
    }

    /// <summary>Flushes on this thread now, or leaves it to the flush already running, which then takes these bytes too.</summary>
    public void Flush()
    {
        lock (_writeGate)
        {
            if (_flushing)
            {
                _flushRequested = true;
                return;
            }

            if (_outputClosed || _unflushed == 0)
                return;
            _flushing = true;
        }

        _ = FlushLoopAsync();
    }

    /// <summary>
    /// Flushes soon on a pool thread. One-way senders use this, so that a burst of calls leaves in a few large writes
    /// instead of one system call each.
    /// </summary>
    public void FlushSoon()
    {
        if (Interlocked.Exchange(ref _flushSoonScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_deferredFlush ??= new DeferredFlush(this), preferLocal: false);
    }

    /// <summary>
    /// Completes at once unless the output is backlogged; then once a flush has made room, or the connection closed. A
    /// peer that leaves the output unread for StalledWriteTimeout closes the connection (the flusher watches for that).
    /// </summary>
    public ValueTask WaitForRoomAsync() => IsBacklogged ? WaitForRoomSlowAsync() : default;

    /// <summary>The blocking form of <see cref="WaitForRoomAsync"/>, for synchronous senders, which block as a socket would.</summary>
    public void WaitForRoom()
    {
        if (!IsBacklogged)
            return;
        while (RoomTask() is { } room)
            room.Wait();
    }

    private async ValueTask WaitForRoomSlowAsync()
    {
        while (RoomTask() is { } room)
            await room.ConfigureAwait(false);
    }

    // Null when there is room, or when the output is closed and writing will say so.
    private Task? RoomTask()
    {
        lock (_writeGate)
        {
            if (_unflushed <= ConnectionSettings.MaxUnflushedBytes || _outputClosed || !_flushing)
                return null;
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task;
        }
    }

    // A flush that has not completed for StalledWriteTimeout means the peer stopped reading: the connection is closed.
    private async ValueTask<FlushResult> FlushWithinStallTimeoutAsync(ValueTask<FlushResult> flush)
    {
        if (_settings.StalledWriteTimeout == Timeout.InfiniteTimeSpan)
            return await flush.ConfigureAwait(false);
        try
        {
            return await flush.AsTask().WaitAsync(_settings.StalledWriteTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new RompException(RompError.SendFailed,
                $"The peer has not read what this side sent for {_settings.StalledWriteTimeout.TotalSeconds:0.#} s (StalledWriteTimeout); the connection is closed.");
        }
    }

    // The one flusher: a PipeWriter allows no write and no second flush while a flush is in progress. It completes
    // synchronously unless the output pushes back, so the usual flush allocates nothing.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask FlushLoopAsync()
    {
        while (true)
        {
            long flushing;
            lock (_writeGate)
            {
                _flushRequested = false;
                if (_outputClosed)
                {
                    _flushing = false;
                    SignalRoomLocked();
                    return;
                }

                if (!_staging.IsEmpty)
                    _staging.MoveTo(_output);
                flushing = _unflushed;
            }

            try
            {
                ValueTask<FlushResult> flush = _output.FlushAsync();
                FlushResult result = flush.IsCompletedSuccessfully ? flush.Result : await FlushWithinStallTimeoutAsync(flush).ConfigureAwait(false);
                if (result.IsCompleted)
                    throw new IOException("The transport stopped taking data.");
            }
            catch (Exception error)
            {
                lock (_writeGate)
                {
                    _flushing = false;
                    SignalRoomLocked();
                }

                Log.WriteFailed(_logger, _connection, error);
                _connection.Abort(error as RompException ?? new RompException(RompError.SendFailed, "Writing to the connection failed: " + error.Message, error));
                return;
            }

            lock (_writeGate)
            {
                _unflushed -= flushing;
                SignalRoomLocked();
                if (!_flushRequested && _staging.IsEmpty)
                {
                    _flushing = false;
                    return;
                }
            }
        }
    }

    private void SignalRoomLocked()
    {
        if (_room is null || (_unflushed > ConnectionSettings.MaxUnflushedBytes && _flushing && !_outputClosed))
            return;
        _room.TrySetResult();
        _room = null;
    }

    /// <summary>Closes the output: later writes fail with <paramref name="reason"/> or are dropped, waiters wake, staged frames are dropped.</summary>
    public void CloseOutput(RompException reason)
    {
        lock (_writeGate)
        {
            _closeReason ??= reason;
            _outputClosed = true;
            _staging.Clear();
            SignalRoomLocked();
        }
    }

    /// <summary>
    /// Completes the output, which flushes what is written (a GOODBYE among it) one last time, unless a flush is still in
    /// progress. A peer that stopped reading must not hold the close hostage: the last flush gets a few seconds.
    /// </summary>
    public async ValueTask CompleteOutputAsync(RompException reason)
    {
        bool idle;
        lock (_writeGate)
        {
            _closeReason ??= reason;
            idle = !_flushing;
            _flushing = true; // no flusher may start from now on
            if (idle && !_staging.IsEmpty)
                _staging.MoveTo(_output);
            _outputClosed = true;
            _staging.Clear();
            SignalRoomLocked();
        }

        if (!idle)
            return; // a flush still in progress owns the writer; the transport's close will break it off
        try
        {
            await _output.CompleteAsync().AsTask().WaitAsync(s_closeTimeout).ConfigureAwait(false);
        }
        catch (Exception error) when (error is TimeoutException or IOException or ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            Log.WriteFailed(_logger, _connection, error);
        }
    }

    // ---- reading ----

    /// <summary>
    /// Runs <paramref name="work"/> (a received call, the delivery of an answer) off the read loop. Called only by the
    /// read loop, from <see cref="IFrameHandler.OnFrame"/>. The last work of a batch of frames is kept, and run on this
    /// very thread as soon as the loop has started its next read: the loop carries on elsewhere when bytes arrive, so the
    /// work may block as long as it likes, and the common call or answer costs no hand-off to another thread.
    /// </summary>
    public void Dispatch(IThreadPoolWorkItem work)
    {
        if (_handOff is { } earlier)
            ThreadPool.UnsafeQueueUserWorkItem(earlier, preferLocal: true);
        _handOff = work;
    }

    private void RunInline(IThreadPoolWorkItem work)
    {
        t_runningInline = this;
        try
        {
            work.Execute();
        }
        finally
        {
            t_runningInline = null;
        }
    }

    private IThreadPoolWorkItem? TakeHandOff()
    {
        IThreadPoolWorkItem? work = _handOff;
        _handOff = null;
        return work;
    }

    /// <summary>True on the read loop's thread while it runs work inline (<see cref="ConnectionSettings.InlineDispatch"/>): nothing is read meanwhile.</summary>
    public bool IsRunningInlineOnThisThread => ReferenceEquals(t_runningInline, this);

    /// <summary>
    /// Reads on, first handing the kept work (<see cref="Dispatch"/>) to this thread once the read is pending, or to the
    /// pool when it is not. With InlineDispatch the work runs here first, before the read.
    /// </summary>
    private HandOffRead ReadAndHandOffAsync()
    {
        if (_settings.InlineDispatch && TakeHandOff() is { } inline)
            RunInline(inline);
        ValueTask<ReadResult> read = _input.ReadAsync();
        if (read.IsCompleted && TakeHandOff() is { } work)
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: true);
        return new HandOffRead(read, this);
    }

    private async Task ReadLoopAsync()
    {
        RompException? failure = null;
        try
        {
            while (true)
            {
                ReadResult result = await ReadAndHandOffAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    // Only StopReading cancels the read: the connection is already closing.
                    _input.AdvanceTo(buffer.Start);
                    break;
                }

                bool goodbye = false;
                bool paused = false;
                FrameType pausedBefore = default;
                try
                {
                    // Frame by frame, so that the limits on queued work hold inside one large read as well. Only a new
                    // call waits for room: answers, CANCEL and CREDIT (which let calls in progress finish) never do.
                    while (!goodbye && !(paused = MustPauseBefore(in buffer, out pausedBefore)) && TryReadFrame(ref buffer, out Frame frame))
                        goodbye = _handler.OnFrame(in frame);
                    if (!goodbye && !paused && result.IsCompleted)
                    {
                        failure = buffer.IsEmpty && _discardRemaining == 0
                            ? new RompException(RompError.ConnectionBroken, "The peer closed the connection without saying goodbye.")
                            : new RompException(RompError.ConnectionBroken, "The connection ended in the middle of a frame.");
                        break;
                    }
                }
                finally
                {
                    // Consumed = whole frames parsed; examined = everything, so the next read waits for more bytes; unless
                    // we paused with whole frames still unparsed, which the next read must return at once.
                    _input.AdvanceTo(buffer.Start, paused ? buffer.Start : buffer.End);
                }

                if (goodbye)
                    break;

                // Stop reading, rather than queue without bound, while this peer's work piles up on our side.
                if (paused)
                    await _handler.WaitForRoomAsync(pausedBefore).ConfigureAwait(false);

                // Nor while our answers to it pile up unsent: a peer that sends but never reads is read no more.
                if (IsBacklogged)
                    await WaitForRoomAsync().ConfigureAwait(false);
            }
        }
        catch (RompException error) when (error.Error is RompError.InvalidMessage or RompError.InvalidPartner)
        {
            failure = error;
            Log.ProtocolViolation(_logger, _connection, error.Message);
            // Tell the peer why before hanging up; best effort, the connection is going anyway.
            if (TryWrite(FrameType.Goodbye, 0, new GoodbyeBody((byte)error.Error, error.Message)))
                Flush();
        }
        catch (RompException error)
        {
            failure = error;
        }
        catch (Exception error)
        {
            // Transport errors arrive here through the pipe; whatever it is, the connection cannot go on.
            failure = new RompException(RompError.ConnectionBroken, "The connection broke: " + error.Message, error);
        }

        // The loop is the reader's only user: completing it here returns its buffers, and races with nobody.
        if (TakeHandOff() is { } last)
            ThreadPool.UnsafeQueueUserWorkItem(last, preferLocal: false);
        await _input.CompleteAsync().ConfigureAwait(false);
        _handler.OnReadLoopEnded(failure);
    }

    /// <summary>Only a new call waits, and only for the limit it counts against; every other frame is read at once.</summary>
    private bool MustPauseBefore(in ReadOnlySequence<byte> buffer, out FrameType type)
    {
        type = default;
        // The limits first: they are rarely reached, and then no frame's header is looked at twice.
        if (!_handler.AdmissionLimited || _discardRemaining != 0 || !FrameReader.TryPeekType(in buffer, out type))
            return false;
        return _handler.MustWait(type);
    }

    private bool TryReadFrame(ref ReadOnlySequence<byte> buffer, out Frame frame)
    {
        while (_discardRemaining > 0)
        {
            // The tail of an abandoned frame that was too large to buffer: drop it as it streams past.
            if (buffer.IsEmpty)
            {
                frame = default;
                return false;
            }

            long skip = Math.Min(_discardRemaining, buffer.Length);
            buffer = buffer.Slice(skip);
            _discardRemaining -= skip;
        }

        if (FrameReader.TryReadOversizedDiscard(ref buffer, _settings.MaxFrameSize, out _discardRemaining))
            return TryReadFrame(ref buffer, out frame);

        return FrameReader.TryRead(ref buffer, _settings.MaxFrameSize, out frame);
    }

    /// <summary>
    /// Awaits a pending read, and once the continuation is registered (so the read loop resumes on whichever thread the
    /// bytes arrive on) runs the kept work here. Only on a pool thread: an I/O thread that completes reads for many
    /// sockets must not run user code, so there the work is queued instead.
    /// </summary>
    private readonly struct HandOffRead(ValueTask<ReadResult> read, FrameChannel channel) : ICriticalNotifyCompletion
    {
        public HandOffRead GetAwaiter() => this;

        public bool IsCompleted => read.IsCompleted;

        public ReadResult GetResult() => read.GetAwaiter().GetResult();

        public void OnCompleted(Action continuation) => UnsafeOnCompleted(continuation);

        public void UnsafeOnCompleted(Action continuation)
        {
            IThreadPoolWorkItem? work = channel.TakeHandOff(); // before the loop can resume and dispatch more
            read.ConfigureAwait(false).GetAwaiter().UnsafeOnCompleted(continuation);
            if (work is null)
                return;
            if (Thread.CurrentThread.IsThreadPoolThread)
                work.Execute();
            else
                ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
        }
    }

    private sealed class DeferredFlush(FrameChannel channel) : IThreadPoolWorkItem
    {
        public void Execute()
        {
            Volatile.Write(ref channel._flushSoonScheduled, 0);
            channel.Flush();
        }
    }
}
