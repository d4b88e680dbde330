using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using Romp.Connections;
using Romp.Protocol;
using Romp.Rpc;
using Romp.CompilerServices;
using Romp.Tests.Support;
using Romp.Transport;

namespace Romp.Tests.Connections;

/// <summary>
/// The frame channel alone, over in-memory pipes with a recording <see cref="IFrameHandler"/>: what it writes is read
/// back with <see cref="FrameReader"/>, and its read loop is fed byte by byte, truncated, and paused by the handler.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class FrameChannelTests
{
    private const int PeerMax = 16 * 1024 * 1024;

    [Test]
    public async Task HandshakeAsync_PeerHello_SendsOursAndLearnsThePeerMaximum(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();

        await harness.HandshakeAsync(peerMax: 4096, cancellationToken);

        Assert.That(await harness.ReadHelloAsync(cancellationToken), Is.EqualTo(new RompConnectionOptions().MaxFrameSize));
        Assert.That(harness.Channel.Output.PeerMaxFrameSize, Is.EqualTo(4096));
    }

    [Test]
    public async Task Write_SeveralFrames_ReadBackByFrameReaderInOrder(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);
        Catalogue catalogue = Catalogue.Create(9, scale: 8);

        harness.Channel.Output.Write(FrameType.RetVal, 1, new ResultBody<string?>("hello", RompFormatters.String));
        harness.Channel.Output.Write(FrameType.Credit, 2, new CreditBody(5));
        harness.Channel.Output.Write(FrameType.NullMsg, 3, new EmptyBody());
        harness.Channel.Output.Write(FrameType.Yield, 4, in catalogue);
        harness.Channel.Output.Flush();
        List<RecordedFrame> frames = await harness.ReadFramesAsync(4, cancellationToken);

        Assert.That(frames.Select(static f => (f.Type, f.CallId)), Is.EqualTo(new[]
        {
            (FrameType.RetVal, 1u), (FrameType.Credit, 2u), (FrameType.NullMsg, 3u), (FrameType.Yield, 4u),
        }));
        Assert.That(RompSerializer.Deserialize(frames[0].Payload, RompFormatters.String), Is.EqualTo("hello"));
        Assert.That(RompSerializer.Deserialize(frames[1].Payload, RompFormatters.UInt32), Is.EqualTo(5u));
        Assert.That(frames[2].Payload, Is.Empty);
        var reader = new RompReader(new ReadOnlySequence<byte>(frames[3].Payload));
        catalogue.AssertReadBack(Catalogue.Read(ref reader), seed: 9, scale: 8);
        Assert.That((harness.Scope.Started, harness.Scope.Abandoned), Is.EqualTo((4, 0)));
    }

    [Test]
    public async Task Write_BodyThrows_NothingReachesThePipeAndTheScopeHearsOfIt(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);

        Assert.Throws<InvalidOperationException>(() => harness.Channel.Output.Write(FrameType.RetVal, 1, new ThrowingBody()));
        harness.Channel.Output.Write(FrameType.NullMsg, 2, new EmptyBody());
        harness.Channel.Output.Flush();

        List<RecordedFrame> frames = await harness.ReadFramesAsync(1, cancellationToken);
        Assert.That((frames[0].Type, frames[0].CallId), Is.EqualTo((FrameType.NullMsg, 2u)));
        Assert.That(harness.UnreadOutput(), Is.Empty, "the failed frame left no bytes behind");
        Assert.That((harness.Scope.Started, harness.Scope.Abandoned), Is.EqualTo((2, 1)));
    }

    [Test]
    public async Task Write_PayloadOverThePeersMaximum_ThrowsSendFailedAndWritesNothing(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(peerMax: 1024, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);

        var error = Assert.Throws<RompException>(() => harness.Channel.Output.Write(FrameType.RetVal, 1, new ResultBody<string?>(new string('x', 2000), RompFormatters.String)));
        harness.Channel.Output.Write(FrameType.NullMsg, 2, new EmptyBody());
        harness.Channel.Output.Flush();

        Assert.That(error!.Error, Is.EqualTo(RompError.SendFailed));
        List<RecordedFrame> frames = await harness.ReadFramesAsync(1, cancellationToken);
        Assert.That((frames[0].Type, frames[0].CallId), Is.EqualTo((FrameType.NullMsg, 2u)));
        Assert.That(harness.Scope.Abandoned, Is.EqualTo(1));
    }

    [Test]
    public async Task Write_WhileAFlushIsPending_FramesAreStagedAndArriveInOrder(CancellationToken cancellationToken)
    {
        // The output pushes back past 64 KB, and nobody reads it yet: the first flush stays pending, so the frames
        // after it are written while it is in progress (staged, then moved into the pipe by the flusher).
        await using var harness = new Harness(outgoing: new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);
        const int Frames = 50;

        harness.Channel.Output.Write(FrameType.RetVal, 1, new ResultBody<string?>(new string('a', 200_000), RompFormatters.String));
        harness.Channel.Output.Flush();
        for (uint id = 2; id <= Frames; id++)
        {
            harness.Channel.Output.Write(FrameType.RetVal, id, new ResultBody<string?>($"frame {id}", RompFormatters.String));
            harness.Channel.Output.Flush();
        }

        List<RecordedFrame> frames = await harness.ReadFramesAsync(Frames, cancellationToken);
        Assert.That(frames.Select(static f => f.CallId), Is.EqualTo(Enumerable.Range(1, Frames).Select(static i => (uint)i)));
        Assert.That(RompSerializer.Deserialize(frames[0].Payload, RompFormatters.String), Has.Length.EqualTo(200_000));
        Assert.That(RompSerializer.Deserialize(frames[^1].Payload, RompFormatters.String), Is.EqualTo($"frame {Frames}"));
    }

    [Test]
    public async Task WaitForRoomAsync_Backlogged_CompletesOnlyOnceTheReaderDrains(CancellationToken cancellationToken)
    {
        await using var harness = new Harness(outgoing: new PipeOptions(pauseWriterThreshold: 64 * 1024, resumeWriterThreshold: 32 * 1024, useSynchronizationContext: false));
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);
        Assert.That(harness.Channel.Output.WaitForRoomAsync().IsCompleted, Is.True, "nothing is written yet");

        // More than MaxUnflushedBytes, with the flush pending behind an unread pipe.
        harness.Channel.Output.Write(FrameType.RetVal, 1, new ResultBody<string?>(new string('b', ConnectionSettings.MaxUnflushedBytes + 1000), RompFormatters.String));
        harness.Channel.Output.Flush();
        Task room = harness.Channel.Output.WaitForRoomAsync().AsTask();

        Assert.That(harness.Channel.Output.IsBacklogged, Is.True);
        Assert.That(room.IsCompleted, Is.False);
        List<RecordedFrame> frames = await harness.ReadFramesAsync(1, cancellationToken);
        await room.WaitAsync(cancellationToken);
        Assert.That(frames[0].CallId, Is.EqualTo(1u));
        Assert.That(harness.Channel.Output.IsBacklogged, Is.False);
    }

    [Test]
    public async Task ReadLoop_OneBytePerFlushInOneByteSegments_DeliversEveryFrameIntact(CancellationToken cancellationToken)
    {
        await using var harness = new Harness(incoming: DuplexPipes.OneByteSegments());
        byte[][] sent =
        [
            RawPeer.Frame((byte)FrameType.Request, 1, RawPeer.Call(7, 3, [1, 2, 3, 4, 5])),
            RawPeer.Frame((byte)FrameType.NullMsg, 2, []),
            RawPeer.Frame((byte)FrameType.Yield, 3, Enumerable.Range(0, 300).Select(static i => (byte)i).ToArray()),
            RawPeer.Frame((byte)FrameType.Goodbye, 0, [255, 0, 0, 0, 0]),
        ];

        await harness.HandshakeAsync(PeerMax, cancellationToken, oneByteAtATime: true);
        harness.Channel.Start();
        foreach (byte[] frame in sent)
            await harness.SendAsync(frame, cancellationToken, oneByteAtATime: true);

        Assert.That(await harness.Handler.Ended.Task.WaitAsync(cancellationToken), Is.Null, "a GOODBYE ends the loop without a failure");
        Assert.That(harness.Handler.Frames.Select(static f => f.Raw), Is.EqualTo(sent));
    }

    [Test]
    public async Task ReadLoop_InputEndsAtAFrameBoundary_ReportsConnectionBrokenWithoutGoodbye(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        harness.Channel.Start();

        await harness.SendAsync(RawPeer.Frame((byte)FrameType.NullMsg, 1, []), cancellationToken);
        await harness.CompleteIncomingAsync();

        RompException? failure = await harness.Handler.Ended.Task.WaitAsync(cancellationToken);
        Assert.That(failure?.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(failure!.Message, Does.Contain("without saying goodbye"));
        Assert.That(harness.Handler.Frames, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task ReadLoop_InputTruncatedAtEveryByteOfAFrame_ReportsConnectionBrokenInTheMiddleOfAFrame(CancellationToken cancellationToken)
    {
        byte[] whole = RawPeer.Frame((byte)FrameType.RetVal, 1, [1, 2, 3, 4]);
        byte[] truncated = RawPeer.Frame((byte)FrameType.RetVal, 2, [5, 6, 7, 8]);
        for (int cut = 1; cut < truncated.Length; cut++)
        {
            await using var harness = new Harness();
            await harness.HandshakeAsync(PeerMax, cancellationToken);
            harness.Channel.Start();

            await harness.SendAsync([.. whole, .. truncated[..cut]], cancellationToken);
            await harness.CompleteIncomingAsync();

            RompException? failure = await harness.Handler.Ended.Task.WaitAsync(cancellationToken);
            Assert.That(failure?.Error, Is.EqualTo(RompError.ConnectionBroken), $"cut at {cut}");
            Assert.That(failure!.Message, Does.Contain("in the middle of a frame"), $"cut at {cut}");
            Assert.That(harness.Handler.Frames.Select(static f => f.Raw), Is.EqualTo(new[] { whole }), $"cut at {cut}: only the whole frame is delivered");
        }
    }

    [Test]
    public async Task ReadLoop_RequestMustWait_OtherFramesStillDeliveredAndTheRequestOnlyAfterRelease(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Handler.RequestsWaitFor = release.Task;
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        harness.Channel.Start();

        // All four in one write: the loop holds them in one buffer when it pauses in front of the request.
        await harness.SendAsync(
        [
            .. RawPeer.Frame((byte)FrameType.RetVal, 1, [1]),
            .. RawPeer.Frame((byte)FrameType.Cancel, 2, []),
            .. RawPeer.Frame((byte)FrameType.Request, 3, RawPeer.Call(9, 1, [])),
            .. RawPeer.Frame((byte)FrameType.NullMsg, 4, []),
        ], cancellationToken);

        Assert.That(await harness.Handler.Paused.Task.WaitAsync(cancellationToken), Is.EqualTo(FrameType.Request));
        // The loop is parked in WaitForRoomAsync: what it delivered so far is all it will deliver until the release.
        Assert.That(harness.Handler.Frames.Select(static f => f.CallId), Is.EqualTo(new[] { 1u, 2u }));
        Assert.That(harness.Handler.Asked, Does.Contain(FrameType.RetVal).And.Contain(FrameType.Cancel).And.Contain(FrameType.Request));

        release.SetResult();
        await harness.Handler.WaitForFramesAsync(4).WaitAsync(cancellationToken);

        Assert.That(harness.Handler.Frames.Select(static f => (f.Type, f.CallId)), Is.EqualTo(new[]
        {
            (FrameType.RetVal, 1u), (FrameType.Cancel, 2u), (FrameType.Request, 3u), (FrameType.NullMsg, 4u),
        }));
    }

    [Test]
    public async Task ReadLoop_UnknownFrameType_SendsGoodbyeWithInvalidMessageAndEnds(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);
        harness.Channel.Start();

        await harness.SendAsync(RawPeer.Frame(99, 1, [1, 2]), cancellationToken);

        RompException? failure = await harness.Handler.Ended.Task.WaitAsync(cancellationToken);
        Assert.That(failure?.Error, Is.EqualTo(RompError.InvalidMessage));
        List<RecordedFrame> sent = await harness.ReadFramesAsync(1, cancellationToken);
        Assert.That(sent[0].Type, Is.EqualTo(FrameType.Goodbye));
        Assert.That(sent[0].Payload[0], Is.EqualTo((byte)RompError.InvalidMessage), "the GOODBYE says why");
        Assert.That(harness.Handler.Frames, Is.Empty);
    }

    [Test]
    public async Task TrySayGoodbye_ThenAnswers_NothingFollowsTheGoodbye(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        await harness.ReadHelloAsync(cancellationToken);
        harness.Channel.Output.Write(FrameType.RetVal, 1, new EmptyBody());

        Assert.That(harness.Channel.Output.TrySayGoodbye((byte)RompError.InvalidMessage, "bad frame"), Is.True);
        bool late = harness.Channel.Output.TryWrite(FrameType.NullMsg, 3, new EmptyBody());
        bool second = harness.Channel.Output.TrySayGoodbye(GoodbyeBody.Orderly, "again");
        await harness.Channel.Output.CompleteAsync(new RompException(RompError.ClosedConnection, "done"));

        Assert.That((late, second), Is.EqualTo((false, false)));
        Assert.Throws<RompException>(() => harness.Channel.Output.Write(FrameType.RetVal, 2, new EmptyBody()));
        List<RecordedFrame> sent = await harness.ReadAllFramesAsync(cancellationToken);
        Assert.That(sent.Select(static f => f.Type), Is.EqualTo(new[] { FrameType.RetVal, FrameType.Goodbye }));
    }

    [TestCase(1)]
    [TestCase(9 + 2)]
    public async Task ReadLoop_PeerStallsInsideAFrame_EndsWithTimeoutAndSaysGoodbye(int bytesSent)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await using var harness = new Harness(frameReadTimeout: TimeSpan.FromMilliseconds(200));
        await harness.HandshakeAsync(PeerMax, cancel.Token);
        await harness.ReadHelloAsync(cancel.Token);
        harness.Channel.Start();

        byte[] frame = RawPeer.Frame((byte)FrameType.Credit, 1, [1, 0, 0, 0]);
        await harness.SendAsync([.. frame, .. frame[..bytesSent]], cancel.Token);

        RompException? failure = await harness.Handler.Ended.Task.WaitAsync(cancel.Token);
        Assert.That(failure?.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(failure!.Message, Does.Contain("FrameReadTimeout"));
        Assert.That(harness.Handler.Frames, Has.Count.EqualTo(1), "the whole frame before the stall was read");
        List<RecordedFrame> sent = await harness.ReadFramesAsync(1, cancel.Token);
        Assert.That((sent[0].Type, sent[0].Payload[0]), Is.EqualTo((FrameType.Goodbye, (byte)RompError.Timeout)));
    }

    [Test]
    public async Task ReadLoop_FrameArrivingSlowlyButWithinTheTimeout_IsRead(CancellationToken cancellationToken)
    {
        await using var harness = new Harness(frameReadTimeout: TimeSpan.FromSeconds(5));
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        harness.Channel.Start();

        await harness.SendAsync(RawPeer.Frame((byte)FrameType.Credit, 1, [1, 0, 0, 0]), cancellationToken, oneByteAtATime: true);

        await harness.Handler.WaitForFramesAsync(1).WaitAsync(cancellationToken);
        harness.Channel.StopReading();
        Assert.That(await harness.Handler.Ended.Task.WaitAsync(cancellationToken), Is.Null);
    }

    [Test]
    public async Task StopReading_IdleLoop_EndsWithoutFailure(CancellationToken cancellationToken)
    {
        await using var harness = new Harness();
        await harness.HandshakeAsync(PeerMax, cancellationToken);
        harness.Channel.Start();

        harness.Channel.StopReading();

        Assert.That(await harness.Handler.Ended.Task.WaitAsync(cancellationToken), Is.Null);
        await harness.Channel.ReadLoop.WaitAsync(cancellationToken);
    }

    /// <summary>A frame as it crossed the pipe: its header fields, its payload copied out, and all its bytes.</summary>
    private sealed record RecordedFrame(FrameType Type, uint CallId, byte[] Payload)
    {
        public byte[] Raw => RawPeer.Frame((byte)Type, CallId, Payload);
    }

    /// <summary>
    /// One channel between two in-memory pipes. The channel needs a <see cref="RompConnection"/> as the context its
    /// formatters write for (and to abort on a failed flush): an unopened one over an idle pipe pair serves, since
    /// nothing written here exports references.
    /// </summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly Pipe _incoming;
        private readonly Pipe _outgoing;

        public Harness(PipeOptions? incoming = null, PipeOptions? outgoing = null, TimeSpan? frameReadTimeout = null)
        {
            _incoming = new Pipe(incoming ?? PipeOptions.Default);
            _outgoing = new Pipe(outgoing ?? PipeOptions.Default);
            var options = new RompConnectionOptions();
            if (frameReadTimeout is { } timeout)
                options.FrameReadTimeout = timeout;
            var settings = new ConnectionSettings(options, "Romp.Tests");
            (IDuplexPipe idle, _) = DuplexPipes.CreatePair();
            var context = new RompConnection(RompTransportConnection.FromPipe(idle), settings, new ObjectDirectory(new ExportRegistry()), ConnectionRole.Peer);
            Channel = new FrameChannel(new DuplexPipes.DuplexPipe(_incoming.Reader, _outgoing.Writer), Handler, Scope, context, settings);
        }

        public FrameChannel Channel { get; }

        public RecordingHandler Handler { get; } = new();

        public CountingScope Scope { get; } = new();

        public async Task HandshakeAsync(int peerMax, CancellationToken cancellationToken, bool oneByteAtATime = false)
        {
            Task handshake = Channel.HandshakeAsync(HelloFlags.None, static (_, cause) => new RompException(RompError.ConnectionBroken, "closed during the handshake", cause), cancellationToken);
            await SendAsync(RawPeer.Hello(maxFrameSize: (uint)peerMax), cancellationToken, oneByteAtATime);
            await handshake;
        }

        public async Task SendAsync(byte[] bytes, CancellationToken cancellationToken, bool oneByteAtATime = false)
        {
            if (!oneByteAtATime)
            {
                await _incoming.Writer.WriteAsync(bytes, cancellationToken);
                return;
            }

            foreach (byte b in bytes)
            {
                _incoming.Writer.GetSpan(1)[0] = b;
                _incoming.Writer.Advance(1);
                await _incoming.Writer.FlushAsync(cancellationToken);
            }
        }

        public ValueTask CompleteIncomingAsync() => _incoming.Writer.CompleteAsync();

        /// <summary>Reads the channel's hello and returns the maximum frame size it announced.</summary>
        public async Task<int> ReadHelloAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                ReadResult result = await _outgoing.Reader.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                if (Handshake.TryRead(ref buffer, out int max))
                {
                    _outgoing.Reader.AdvanceTo(buffer.Start);
                    return max;
                }

                _outgoing.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    Assert.Fail("The channel's output ended before its hello.");
            }
        }

        /// <summary>Reads exactly <paramref name="count"/> frames from what the channel wrote (after its hello).</summary>
        public async Task<List<RecordedFrame>> ReadFramesAsync(int count, CancellationToken cancellationToken)
        {
            var frames = new List<RecordedFrame>(count);
            while (frames.Count < count)
            {
                ReadResult result = await _outgoing.Reader.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (frames.Count < count && FrameReader.TryRead(ref buffer, PeerMax, out Frame frame))
                    frames.Add(new RecordedFrame(frame.Type, frame.CallId, frame.Payload.ToArray()));
                _outgoing.Reader.AdvanceTo(buffer.Start, frames.Count == count ? buffer.Start : buffer.End);
                if (frames.Count < count && result.IsCompleted)
                    Assert.Fail($"The channel's output ended after {frames.Count} of {count} frames.");
            }

            return frames;
        }

        /// <summary>Reads every frame the channel writes until its output is completed.</summary>
        public async Task<List<RecordedFrame>> ReadAllFramesAsync(CancellationToken cancellationToken)
        {
            var frames = new List<RecordedFrame>();
            while (true)
            {
                ReadResult result = await _outgoing.Reader.ReadAsync(cancellationToken);
                ReadOnlySequence<byte> buffer = result.Buffer;
                while (FrameReader.TryRead(ref buffer, PeerMax, out Frame frame))
                    frames.Add(new RecordedFrame(frame.Type, frame.CallId, frame.Payload.ToArray()));
                _outgoing.Reader.AdvanceTo(buffer.Start, buffer.End);
                if (result.IsCompleted)
                    return frames;
            }
        }

        /// <summary>Whatever the channel wrote past the frames read so far, without waiting for more.</summary>
        public byte[] UnreadOutput()
        {
            if (!_outgoing.Reader.TryRead(out ReadResult result))
                return [];
            byte[] unread = result.Buffer.ToArray();
            _outgoing.Reader.AdvanceTo(result.Buffer.Start);
            return unread;
        }

        public async ValueTask DisposeAsync()
        {
            await _incoming.Writer.CompleteAsync();
            try
            {
                // Bounded: a test that failed with the loop parked in the handler must not hang the run.
                await Channel.ReadLoop.WaitAsync(TimeSpan.FromSeconds(5));
            }
            finally
            {
                await _outgoing.Reader.CompleteAsync();
            }
        }
    }

    private sealed class RecordingHandler : IFrameHandler
    {
        private readonly object _gate = new();
        private readonly List<RecordedFrame> _frames = new();
        private readonly List<(int Count, TaskCompletionSource Signal)> _waiters = new();

        /// <summary>While set and not completed, a REQUEST must wait for room (an admission limit the test lifts).</summary>
        public Task? RequestsWaitFor { get; set; }

        public ConcurrentQueue<FrameType> Asked { get; } = new();

        public TaskCompletionSource<FrameType> Paused { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<RompException?> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<RecordedFrame> Frames
        {
            get
            {
                lock (_gate)
                    return _frames.ToList();
            }
        }

        public bool AdmissionLimited => RequestsWaitFor is { IsCompleted: false };

        public bool AwaitingPeer => false;

        public bool MustWait(FrameType type)
        {
            Asked.Enqueue(type);
            return type == FrameType.Request && AdmissionLimited;
        }

        public ValueTask WaitForRoomAsync(FrameType type)
        {
            Paused.TrySetResult(type);
            return new ValueTask(RequestsWaitFor ?? Task.CompletedTask);
        }

        public bool OnFrame(in Frame frame)
        {
            lock (_gate)
            {
                // The payload is the pipe's and gone after this call: copy it.
                _frames.Add(new RecordedFrame(frame.Type, frame.CallId, frame.Payload.ToArray()));
                for (int i = _waiters.Count - 1; i >= 0; i--)
                {
                    if (_frames.Count >= _waiters[i].Count)
                    {
                        _waiters[i].Signal.TrySetResult();
                        _waiters.RemoveAt(i);
                    }
                }
            }

            return frame.Type == FrameType.Goodbye;
        }

        public void OnReadLoopEnded(RompException? failure) => Ended.TrySetResult(failure);

        public Task WaitForFramesAsync(int count)
        {
            lock (_gate)
            {
                if (_frames.Count >= count)
                    return Task.CompletedTask;
                var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add((count, signal));
                return signal.Task;
            }
        }
    }

    private sealed class CountingScope : IFrameScope
    {
        public int Started { get; private set; }

        public int Abandoned { get; private set; }

        public void OnFrameStarting(FrameType type, uint callId) => Started++;

        public void OnFrameAbandoned() => Abandoned++;
    }

    private readonly struct ThrowingBody : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteString(new string('z', 5000));
            throw new InvalidOperationException("the body failed on purpose");
        }
    }
}
