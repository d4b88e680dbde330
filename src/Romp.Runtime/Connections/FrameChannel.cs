using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Romp.Diagnostics;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Transport;

namespace Romp.Connections;

/// <summary>
/// Frames over a duplex pipe, and nothing about calls: the handshake, the read loop that parses frames and hands them
/// to an <see cref="IFrameHandler"/>, the hand-off of the work those frames produce, (in <see cref="Output"/>) the
/// single writer, and (in <see cref="KeepAlive"/>) PING and PONG.
/// </summary>
internal sealed class FrameChannel
{
    [ThreadStatic]
    private static FrameChannel? t_runningInline; // set while InlineDispatch work runs on this channel's read loop

    private readonly PipeReader _input;   // read by the handshake, then only by the read loop
    private readonly IFrameHandler _handler;
    private readonly RompConnection _connection;
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private Task _readLoop = Task.CompletedTask;
    private long _discardRemaining; // owned by the read loop
    private IThreadPoolWorkItem? _handOff; // owned by the read loop: the last work its frames produced, run once it reads again
    private readonly PartialFrameWatch _partialFrames;
    private readonly LinkActivity _activity; // the read loop stamps every read; the keepalive and the output's stall check read it
    private bool _peerAnswersPing; // set by the handshake: the peer's hello announced KeepAlive
    private readonly ConversationTrace? _trace; // null unless the conversation is traced: then it sees every frame read

    public FrameChannel(IDuplexPipe pipe, IFrameHandler handler, IFrameScope frameScope, RompConnection connection, ConnectionSettings settings)
    {
        _input = pipe.Input;
        _handler = handler;
        _connection = connection;
        _settings = settings;
        _logger = settings.Logger;
        _trace = connection.Trace;
        _activity = new LinkActivity(pipe as IWriteProgress);
        Output = new FrameOutput(pipe.Output, frameScope, connection, _activity, settings.StalledWriteTimeout, settings.Logger);
        KeepAlive = new KeepAlive(Output, _activity, connection, settings.KeepAliveInterval, settings.KeepAliveTimeout);
        _partialFrames = new PartialFrameWatch(_input, settings.FrameReadTimeout);
    }

    /// <summary>The writing half: the single writer, its flushes and its backpressure.</summary>
    public FrameOutput Output { get; }

    /// <summary>PING and PONG: the timer that pings a quiet peer, and the answers to the peer's PINGs.</summary>
    public KeepAlive KeepAlive { get; }

    /// <summary>The read loop; completes once it has ended and told the handler.</summary>
    public Task ReadLoop => _readLoop;

    /// <summary>
    /// Exchanges hellos: sends ours at once, then checks the peer's as its bytes arrive, so a peer that does not speak
    /// Romp is refused on its first bytes. The caller's token carries the handshake timeout.
    /// </summary>
    /// <returns>The flags of the peer's hello.</returns>
    public async Task<HelloFlags> HandshakeAsync(HelloFlags flags, Func<bool, Exception?, RompException> closedDuringHandshake, CancellationToken cancellationToken)
    {
        try
        {
            await Output.SendHelloAsync(_settings.MaxFrameSize, flags, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (Handshake.TryRead(ref buffer, out int peerMax, out HelloFlags peerFlags))
                {
                    // Frames may have arrived with the hello: leave them unexamined so the read loop sees them at once.
                    _input.AdvanceTo(buffer.Start);
                    Output.PeerMaxFrameSize = peerMax;
                    _trace?.OnHelloReceived(peerMax, peerFlags);
                    _peerAnswersPing = (peerFlags & HelloFlags.KeepAlive) != 0;
                    return peerFlags;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    throw closedDuringHandshake(!buffer.IsEmpty, null);
            }
        }
        catch (Exception error) when (error is not RompException and not OperationCanceledException)
        {
            // A reset before the hello, or while ours was written: a refusing acceptor closes with our hello unread,
            // which the kernel turns into RST.
            throw closedDuringHandshake(false, error);
        }
    }

    /// <summary>
    /// Reads the one frame of the handshake that follows the hellos (credentials, their answer, a refusal), before the
    /// read loop runs. Its payload is copied out, and may be at most <paramref name="maxPayload"/> bytes: a peer that is
    /// not yet authenticated must not make this side buffer a large frame.
    /// </summary>
    /// <exception cref="RompException">The frame is malformed or too large (<see cref="RompError.InvalidMessage"/>), or the stream ended first.</exception>
    public async Task<(FrameType Type, uint CallId, byte[] Payload)> ReadHandshakeFrameAsync(int maxPayload, CancellationToken cancellationToken)
    {
        while (true)
        {
            ReadResult result = await _input.ReadAsync(cancellationToken).ConfigureAwait(false);
            ReadOnlySequence<byte> buffer = result.Buffer;
            bool found = false;
            try
            {
                found = FrameReader.TryRead(ref buffer, maxPayload, out Frame frame);
                if (found)
                {
                    _trace?.OnReceived(in frame);
                    return (frame.Type, frame.CallId, frame.Payload.ToArray());
                }
                if (result.IsCompleted)
                    throw new RompException(RompError.ConnectionBroken, "The peer closed the connection during the Romp handshake.");
            }
            finally
            {
                // Frames after this one stay unexamined, so that the read loop sees them at once.
                _input.AdvanceTo(buffer.Start, found ? buffer.Start : buffer.End);
            }
        }
    }

    /// <summary>Reads the GOODBYE that follows a refusing hello and returns the refusal it carries.</summary>
    public async Task<RompException> ReadRefusalAsync(CancellationToken cancellationToken)
    {
        (FrameType type, _, byte[] payload) = await ReadHandshakeFrameAsync(ShortText.MaxFrameSize, cancellationToken).ConfigureAwait(false);
        if (type != FrameType.Goodbye)
            return new RompException(RompError.InvalidMessage, $"The peer refused the connection in its hello but then sent a {type} frame instead of GOODBYE.");
        var reader = new RompReader(new ReadOnlySequence<byte>(payload));
        return GoodbyeBody.Read(ref reader, "The peer refused the connection.");
    }

    /// <summary>Starts the read loop, and the keepalive if the peer answers PING; call once, after a successful handshake.</summary>
    public void Start()
    {
        KeepAlive.Start(_peerAnswersPing);
        // The loop must not carry the starter's execution context (an AsyncLocal of one caller) into every frame.
        using (ExecutionContext.SuppressFlow())
            _readLoop = Task.Run(ReadLoopAsync);
    }

    /// <summary>Asks the read loop to stop at its next read; <see cref="ReadLoop"/> completes once it has.</summary>
    public void StopReading() => _input.CancelPendingRead();

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
            ThreadPool.UnsafeQueueUserWorkItem(earlier, preferLocal: false);
        _handOff = work;
    }

    /// <summary>True on the read loop's thread while it runs work inline (<see cref="ConnectionSettings.InlineDispatch"/>): nothing is read meanwhile.</summary>
    public bool IsRunningInlineOnThisThread => ReferenceEquals(t_runningInline, this);

    private void RunInline(IThreadPoolWorkItem work)
    {
        FrameChannel? outer = t_runningInline;
        t_runningInline = this;
        try
        {
            work.Execute();
        }
        finally
        {
            t_runningInline = outer;
        }
    }

    private IThreadPoolWorkItem? TakeHandOff()
    {
        IThreadPoolWorkItem? work = _handOff;
        _handOff = null;
        return work;
    }

    // Before the loop waits for anything but its read, the kept work goes to the pool: it may be what the wait needs.
    private void QueueHandOff()
    {
        if (TakeHandOff() is { } work)
            ThreadPool.UnsafeQueueUserWorkItem(work, preferLocal: false);
    }

    /// <summary>
    /// Reads on, handing the kept work (<see cref="Dispatch"/>) to this thread once the read is pending, or to the pool
    /// when the read completes at once. With InlineDispatch the work runs here first, before the read; with a receive
    /// spin and no InlineDispatch it goes to the pool first, since the read may spin before it returns.
    /// </summary>
    private HandOffRead ReadAndHandOffAsync()
    {
        if (_settings.InlineDispatch)
        {
            if (TakeHandOff() is { } inline)
                RunInline(inline);
        }
        else if (_settings.ReceiveSpin > TimeSpan.Zero)
        {
            QueueHandOff();
        }

        return new HandOffRead(_input.ReadAsync(), this);
    }

    private async Task ReadLoopAsync()
    {
        RompException? failure = null;
        _activity.OnReceived(); // the hellos: the peer's quiet is counted from here
        try
        {
            while (true)
            {
                ReadResult result = await ReadAndHandOffAsync();
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (result.IsCanceled)
                {
                    // StopReading (the connection is already closing) or a frame that took too long to arrive.
                    _input.AdvanceTo(buffer.Start);
                    if (_partialFrames.Expired)
                    {
                        throw new RompException(RompError.Timeout,
                            $"The peer sent part of a frame and not the rest within {_partialFrames.Limit.TotalSeconds:0.#} s (FrameReadTimeout).");
                    }

                    break;
                }

                // Any bytes are a sign of life, whole frames or not. After a pause the same bytes come back at once, and
                // the stamp then gives the peer a fresh start: while paused this side could not know what arrived.
                _activity.OnReceived();
                bool goodbye = false;
                bool paused = false;
                FrameType pausedBefore = default;
                bool pausedForOutput = false;
                try
                {
                    // Frame by frame, so that the limits on queued work hold inside one large read as well. Only a new
                    // call waits for room: answers, CANCEL and CREDIT (which let calls in progress finish) never do.
                    bool parsedAny = false;
                    while (!goodbye && !(paused = MustPauseBefore(in buffer, out pausedBefore, out pausedForOutput)) && TryReadFrame(ref buffer, out Frame frame))
                    {
                        parsedAny = true;
                        if (_trace is not null)
                            _trace.OnReceived(in frame);
                        goodbye = _handler.OnFrame(in frame);
                    }

                    _partialFrames.OnBatchParsed(partial: !goodbye && !paused && (!buffer.IsEmpty || _discardRemaining != 0), newFrame: parsedAny);
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

                // Stop reading, rather than queue without bound, while this peer's work piles up on our side, or while
                // what we send it piles up unread: a peer that sends calls but never reads is read no more.
                if (paused)
                {
                    QueueHandOff();
                    KeepAlive.OnReadPaused();
                    if (pausedForOutput)
                        await Output.WaitForRoomAsync().ConfigureAwait(false);
                    else
                        await _handler.WaitForRoomAsync(pausedBefore).ConfigureAwait(false);
                    KeepAlive.OnReadResumed();
                }
            }
        }
        catch (RompException error) when (error.Error is RompError.InvalidMessage or RompError.InvalidPartner or RompError.Timeout)
        {
            failure = error;
            Log.ProtocolViolation(_logger, _connection, error.Message);
            // Tell the peer why before hanging up; best effort, the connection is going anyway.
            Output.TrySayGoodbye((byte)error.Error, error.Message);
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

        // The loop is the reader's only user: completing it here returns its buffers, and races with nobody. Nothing is
        // received any more, so nothing is left for the keepalive to judge or answer.
        _partialFrames.Dispose();
        KeepAlive.Dispose();
        QueueHandOff();
        await _input.CompleteAsync().ConfigureAwait(false);
        _handler.OnReadLoopEnded(failure);
    }

    /// <summary>
    /// Only a frame that makes work waits: a new call for the limit it counts against, and a new call or SYNC while our
    /// output is backlogged. Answers, CANCEL and CREDIT (which let what is in progress finish) never wait, and nothing
    /// waits while this side waits on the peer: what it waits for may be behind the frame it would stop at.
    /// </summary>
    private bool MustPauseBefore(in ReadOnlySequence<byte> buffer, out FrameType type, out bool forOutput)
    {
        type = default;
        forOutput = false;
        // The limits first: they are rarely reached, and then no frame's header is looked at twice.
        bool limited = _handler.AdmissionLimited;
        bool backlogged = Output.IsBacklogged && !_handler.AwaitingPeer;
        if (!(limited || backlogged) || _discardRemaining != 0 || !FrameReader.TryPeekType(in buffer, out type))
            return false;
        if (limited && _handler.MustWait(type))
            return true;
        forOutput = backlogged && type is FrameType.Request or FrameType.RequestBlock or FrameType.Oneway or FrameType.OnewaySync or FrameType.Sync;
        return forOutput;
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

        // Also reached when the read completed before the loop could register: the kept work then goes to the pool.
        public ReadResult GetResult()
        {
            channel.QueueHandOff();
            return read.GetAwaiter().GetResult();
        }

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

}
