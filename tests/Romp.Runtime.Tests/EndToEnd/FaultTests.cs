using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Romp.CompilerServices;
using Romp.Rpc;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// Bad input and vanishing peers, with hand-made bytes on real sockets. Each case must close only the offending
/// connection, report why, and leave the server serving everyone else.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class FaultTests() : ServerFixture(Transports.Tcp)
{
    private const byte Request = 1, Oneway = 3, RetVal = 5, Exception = 6, Sync = 8, Goodbye = 12;

    private readonly List<RompConnectionClosedEventArgs> _closed = new();
    private TaskCompletionSource<RompConnectionClosedEventArgs> _firstClosed = null!;

    protected override RompServerOptions ServerOptions => new()
    {
        HandshakeTimeout = TimeSpan.FromMilliseconds(300),
        FrameReadTimeout = TimeSpan.FromMilliseconds(300),
        MaxFrameSize = 64 * 1024,
    };

    [SetUp]
    public void WatchClosedConnections()
    {
        _firstClosed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, e) =>
        {
            lock (_closed)
                _closed.Add(e);
            _firstClosed.TrySetResult(e);
        };
    }

    [Test]
    public async Task WrongMagic_ClosedOnFirstBytesWithInvalidPartner_ServerKeepsServing(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);

        await peer.SendAsync("GET / HTTP/1.1\r\n"u8.ToArray(), cancellationToken);
        await peer.ReadToEndAsync(cancellationToken);

        RompConnectionClosedEventArgs closed = await _firstClosed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.InvalidPartner));
        await AssertServerStillServesAsync(cancellationToken);
    }

    [Test]
    public async Task WrongVersion_ClosedWithInvalidPartner(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);

        await peer.SendAsync(RawPeer.Hello(version: 99), cancellationToken);
        byte[] answer = await peer.ReadToEndAsync(cancellationToken);

        // The server's own hello still arrives, so the peer can tell which version it speaks.
        Assert.That(answer.AsSpan(0, 4).ToArray(), Is.EqualTo("ROMP"u8.ToArray()));
        RompConnectionClosedEventArgs closed = await _firstClosed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(closed.Error.Message, Does.Contain("version 99"));
    }

    [Test]
    public async Task SilentPeer_DroppedAfterHandshakeTimeout(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);

        await peer.ReadToEndAsync(cancellationToken);

        RompConnectionClosedEventArgs closed = await _firstClosed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.Timeout));
    }

    [Test]
    public async Task HelloAndFirstFrameInOneWrite_FrameIsAnsweredWithoutWaitingForMoreBytes(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
        byte[] resolve = RawPeer.Frame(Request, 9, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", RompContracts.Find<ICalculator>()!.ContractName)));

        // One segment holding both: the server must not treat the frame as already examined by the handshake.
        await peer.SendAsync([.. RawPeer.Hello(), .. resolve], cancellationToken);
        await peer.ReadExactlyAsync(12, cancellationToken);
        (byte type, uint callId, _) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId), Is.EqualTo((RetVal, 9u)));
    }

    [Test]
    public async Task OversizedFrame_ClosedWithInvalidMessageBeforeThePayloadArrives(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);

        // Claims 2 GB but sends nothing more: the server must refuse on the header alone, allocating nothing.
        await peer.SendAsync(RawPeer.Frame(Request, 1, [], claimedLength: int.MaxValue), cancellationToken);

        await AssertGoodbyeThenCloseAsync(peer, RompError.InvalidMessage, cancellationToken);
        await AssertServerStillServesAsync(cancellationToken);
    }

    [Test]
    public async Task UnknownFrameType_ClosedWithInvalidMessage(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);

        await peer.SendAsync(RawPeer.Frame(0x42, 1, [1, 2, 3]), cancellationToken);

        await AssertGoodbyeThenCloseAsync(peer, RompError.InvalidMessage, cancellationToken);
        await AssertServerStillServesAsync(cancellationToken);
    }

    [Test]
    public async Task TruncatedArguments_CallFailsWithInvalidMessage_ConnectionServesTheNextCall(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        uint objectId = await ResolveRawAsync(peer, "calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);

        // AddAsync(int, int) needs 8 bytes of arguments; send 3. The frame delimits them: only this call fails.
        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(objectId, RawPeer.MethodId<ICalculator>("AddAsync"), [1, 2, 3])), cancellationToken);
        (byte type, uint callId, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 3, RawPeer.Call(objectId, RawPeer.MethodId<ICalculator>("AddAsync"), [20, 0, 0, 0, 22, 0, 0, 0])), cancellationToken);
        (byte nextType, uint nextId, byte[] sum) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId, (RompError)error[0]), Is.EqualTo((Exception, 2u, RompError.InvalidMessage)));
        Assert.That(Encoding.UTF8.GetString(error), Does.Contain("The arguments of").And.Contain("/AddAsync could not be read"));
        Assert.That((nextType, nextId, BinaryPrimitives.ReadInt32LittleEndian(sum)), Is.EqualTo((RetVal, 3u, 42)));
    }

    [Test]
    public async Task InvalidUtf8String_ClosedWithInvalidMessage(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        byte[] args = new byte[4 + 2 + 8];
        BinaryPrimitives.WriteInt32LittleEndian(args, 2);
        args[4] = 0xC3; // a lead byte followed by an invalid continuation
        args[5] = 0x28;

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(0, 1, args)), cancellationToken);

        await AssertGoodbyeThenCloseAsync(peer, RompError.InvalidMessage, cancellationToken);
    }

    [Test]
    public async Task MadeUpObjectId_AnsweredWithUnknownObject_ConnectionStaysOpen(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 7, RawPeer.Call(12345, 1, new byte[8])), cancellationToken);

        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, payload[0]), Is.EqualTo((Exception, 7u, (byte)RompError.UnknownObject)));
        uint objectId = await ResolveRawAsync(peer, "calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
        Assert.That(objectId, Is.Not.Zero);
    }

    [Test]
    public async Task ResolveWithWrongContract_AnsweredWithTypeGuardFailureInWords(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 3, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", "demo.no-such-contract"))), cancellationToken);

        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, payload[0]), Is.EqualTo((Exception, 3u, (byte)RompError.TypeGuardFailure)));
        Assert.That(System.Text.Encoding.UTF8.GetString(payload), Does.Contain(
            $"'calc' is bound to Romp.Tests.Contracts.ICalculator (contract '{RompContracts.Find<ICalculator>()!.ContractName}'), not the contract 'demo.no-such-contract' this client asked for."));
    }

    [Test]
    public async Task Resolve_MethodTableWithMethodsTheObjectLacks_AnswersThemAsGapsInIdOrder(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        Romp.Description.RompMethodDescription add = RompContracts.Find<ICalculator>()!.Describe().Methods.Single(static m => m.Name == "AddAsync");
        ushort unknown = Enumerable.Range(add.Id + 1, 0x7FFF - add.Id).Select(static id => (ushort)id).First(id => RompContracts.Find<ICalculator>()!.GetMethodName(id) is null);
        ushort changed = RawPeer.MethodId<ICalculator>("Multiply");
        (ushort, uint)[] table = new[] { (add.Id, add.SignatureHash), (unknown, 1u), (changed, 0xDEADBEEFu) }.OrderBy(static m => m.Item1).ToArray();

        await peer.SendAsync(RawPeer.Frame(Request, 4, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", RompContracts.Find<ICalculator>()!.ContractName, table))), cancellationToken);

        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId), Is.EqualTo((RetVal, 4u)));
        byte[] gaps = [.. new[] { (unknown, (byte)1), (changed, (byte)2) }.OrderBy(static g => g.Item1).SelectMany(static g => (byte[])[.. BitConverter.GetBytes(g.Item1), g.Item2])];
        Assert.That(payload[4..], Is.EqualTo((byte[])[2, 0, .. gaps]), "two gaps, ascending: the id the object lacks (1), the one with another signature (2)");
    }

    [Test]
    public async Task Resolve_MethodTableOutOfOrder_ClosedWithInvalidMessage(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 4, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", "whatever", (9, 0), (3, 0)))), cancellationToken);

        await AssertGoodbyeThenCloseAsync(peer, RompError.InvalidMessage, cancellationToken);
        await AssertServerStillServesAsync(cancellationToken);
    }

    [Test]
    public async Task UnknownMethodId_AnsweredWithUnknownMethod_ConnectionStaysOpen(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        uint objectId = await ResolveRawAsync(peer, "calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
        ushort unknown = Enumerable.Range(1, 0x7FFF).Select(static id => (ushort)id).First(id => RompContracts.Find<ICalculator>()!.GetMethodName(id) is null);

        // Arguments it cannot know the types of: they are dropped unread, and a ONEWAY to the same id only fails on the server.
        await peer.SendAsync([.. RawPeer.Frame(Oneway, 0, RawPeer.Call(objectId, unknown, [9, 9])), .. RawPeer.Frame(Request, 7, RawPeer.Call(objectId, unknown, [1, 2, 3]))], cancellationToken);

        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, (RompError)payload[0]), Is.EqualTo((Exception, 7u, RompError.UnknownMethod)));
        Assert.That(System.Text.Encoding.UTF8.GetString(payload), Does.Contain($"has no method with id {unknown}"));
        Assert.That(await ResolveRawAsync(peer, "calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken), Is.EqualTo(objectId), "the connection stays open");
    }

    [Test]
    public async Task ClientVanishesMidCall_ServerReportsConnectionBrokenAndCarriesOn(CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        Server.Bind<IWaiter>("waiter", waiter);
        RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        uint objectId = await ResolveRawAsync(peer, "waiter", RompContracts.Find<IWaiter>()!.ContractName, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(objectId, RawPeer.MethodId<IWaiter>("WaitAsync"), [])), cancellationToken);
        await waiter.Started.Task.WaitAsync(cancellationToken);

        peer.Abort();

        RompConnectionClosedEventArgs closed = await _firstClosed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        await waiter.Cancelled.Task.WaitAsync(cancellationToken);
        await AssertServerStillServesAsync(cancellationToken);
    }

    [Test]
    public async Task ServerVanishesMidCall_PendingCallFailsWithConnectionBroken(CancellationToken cancellationToken)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var endpoint = (IPEndPoint)listener.LocalEndPoint!;
        Task vanishing = Task.Run(async () =>
        {
            await using RawPeer server = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
            await server.SendAsync(RawPeer.Hello(), cancellationToken);
            await server.ReadExactlyAsync(12, cancellationToken);
            await server.ReadFrameAsync(cancellationToken); // the resolve request: now die without answering
            server.Abort();
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync($"tcp://127.0.0.1:{endpoint.Port}", cancellationToken: cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() => client.ResolveAsync<ICalculator>("calc", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        await vanishing;
        await client.Completion.WaitAsync(cancellationToken);
        Assert.That(client.IsConnected, Is.False);
    }

    [Test]
    public async Task AnswerRejectedByValueValidation_CallFailsWithInvalidMessage_ConnectionStays(CancellationToken cancellationToken)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        Task fakeServer = Task.Run(async () =>
        {
            await using RawPeer server = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
            await server.SendAsync(RawPeer.Hello(), cancellationToken);
            await server.ReadExactlyAsync(12, cancellationToken);
            (_, uint resolveId, _) = await server.ReadFrameAsync(cancellationToken);
            await server.SendAsync(RawPeer.Frame(RetVal, resolveId, [1, 0, 0, 0, 0, 0]), cancellationToken); // object 1, no methods lacking
            (_, uint callId, _) = await server.ReadFrameAsync(cancellationToken);
            // A Reading of -5: well-formed bytes (the member Value, id 0xDBE5, an int) that the type's own setter refuses.
            await server.SendAsync(RawPeer.Frame(RetVal, callId, Reading(-5)), cancellationToken);
            (_, uint nextId, _) = await server.ReadFrameAsync(cancellationToken);
            await server.SendAsync(RawPeer.Frame(RetVal, nextId, Reading(7)), cancellationToken);
            await server.ReadToEndAsync(cancellationToken);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}", cancellationToken: cancellationToken);
        IMeter meter = await client.ResolveAsync<IMeter>("meter", cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await meter.ReadAsync().AsTask().WaitAsync(cancellationToken));
        Reading next = await meter.ReadAsync().AsTask().WaitAsync(cancellationToken);

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.StartWith("The result of Romp.Tests.Contracts.IMeter/ReadAsync (call "));
        Assert.That(error.InnerException, Is.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That((next.Value, client.IsConnected), Is.EqualTo((7, true)), "the answer's frame delimited it: the connection reads on");
        await client.DisposeAsync();
        await fakeServer;

        static byte[] Reading(int value) => [7, 0, 0, 0, 0xE5, 0xDB, 0x0B, .. BitConverter.GetBytes(value)];
    }

    [Test]
    public async Task OnewayRunningWhenClientLeaves_ItsTokenFires(CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        Server.Bind<IWaiter>("waiter", waiter);
        RompClient client = await ConnectAsync();
        IWaiter remote = await client.ResolveAsync<IWaiter>("waiter", cancellationToken);
        await remote.WaitInBackground(CancellationToken.None);
        await waiter.Started.Task.WaitAsync(cancellationToken);

        await client.DisposeAsync();

        await waiter.Cancelled.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task PeerThatNeverReads_ClosedWithSendFailedAfterStalledWriteTimeout(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { StalledWriteTimeout = TimeSpan.FromSeconds(1) });
        var closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => closed.TrySetResult(e);
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectAsync(server.Endpoint, cancellationToken);
        await peer.SendAsync(RawPeer.Hello(), cancellationToken);

        // SYNC frames, each answered with a NULL_MSG that this peer never reads: a megabyte of them at a time.
        byte[] syncs = Enumerable.Range(1, 100_000).SelectMany(static i => RawPeer.Frame(8, (uint)i, [])).ToArray();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task flooding = Task.Run(async () =>
        {
            try
            {
                for (int round = 0; round < 2000 && !closed.Task.IsCompleted; round++)
                    await peer.SendAsync(syncs, stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException)
            {
                // Stopped, or the server hung up: either ends the flood.
            }
        }, cancellationToken);

        RompConnectionClosedEventArgs result = await closed.Task.WaitAsync(cancellationToken);
        stop.Cancel();
        await flooding;

        Assert.That(result.Error!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(result.Error.Message, Does.Contain("StalledWriteTimeout"));
    }

    [Test]
    public async Task Acceptor_RefusesPeer_ConnectFailsWithAccessDenied(CancellationToken cancellationToken)
    {
        await using var guarded = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { Acceptor = _ => false });
        var refused = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        guarded.ConnectionClosed += (_, e) => refused.TrySetResult(e);
        await guarded.StartAsync(cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(guarded.Endpoint, cancellationToken: cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        RompConnectionClosedEventArgs closed = await refused.Task.WaitAsync(cancellationToken);
        Assert.That(closed.RemoteEndPoint, Is.InstanceOf<IPEndPoint>());
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.AccessDenied));
    }

    [Test]
    public async Task Acceptor_SeesPeerAddress_AdmitsLoopback(CancellationToken cancellationToken)
    {
        var seen = new List<EndPoint?>();
        await using var guarded = new RompServer("tcp://127.0.0.1:0", new RompServerOptions
        {
            Acceptor = remote =>
            {
                lock (seen)
                    seen.Add(remote);
                return remote is IPEndPoint ip && IPAddress.IsLoopback(ip.Address);
            },
        });
        guarded.Bind<IGreeter>("greeter", new Greeter());
        await guarded.StartAsync(cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(guarded.Endpoint, cancellationToken: cancellationToken);
        IGreeter greeter = await client.ResolveAsync<IGreeter>("greeter", cancellationToken);

        Assert.That(await greeter.GreetAsync("acceptor"), Is.EqualTo("hello acceptor"));
        Assert.That(seen, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RequestLargerThanServerLimit_FailsWithSendFailed_ConnectionStaysUsable(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.EchoBytesAsync(new byte[200 * 1024]));

        Assert.That(error!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        Assert.That(Client.IsConnected, Is.True);
    }

    [Test]
    public async Task ReplyLargerThanClientLimit_FailsWithSendFailed_ConnectionStaysUsable(CancellationToken cancellationToken)
    {
        await using RompClient small = await ConnectAsync(new RompClientOptions { MaxFrameSize = 1024 });
        ICalculator calc = await small.ResolveAsync<ICalculator>("calc", cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.EchoBytesAsync(new byte[2000]));

        Assert.That(error!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
    }

    [Test]
    public async Task ServerStop_CallInFlight_FinishesThenClientSeesListenerKilled(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();
        await Calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        Task stopping = Server.StopAsync(cancellationToken);
        Calculator.ReleaseSlowCalls();

        Assert.That(await slow.WaitAsync(cancellationToken), Is.EqualTo(42));
        await stopping.WaitAsync(cancellationToken);
        await Client.Completion.WaitAsync(cancellationToken);
        Assert.That(Client.CloseReason!.Error, Is.EqualTo(RompError.ListenerKilled));
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ListenerKilled));
    }

    [Test]
    public async Task RequestBlockToMethodThatDoesNotStream_AnsweredWithInvalidMessage_MethodNeverRuns(CancellationToken cancellationToken)
    {
        var waiter = new Waiter();
        Server.Bind<IWaiter>("waiter", waiter);
        await using RawPeer peer = await HandshakenPeerAsync(cancellationToken);
        uint objectId = await ResolveRawAsync(peer, "waiter", RompContracts.Find<IWaiter>()!.ContractName, cancellationToken);

        // WaitAsync as a stream call: an initial credit of 8 where no argument is expected.
        await peer.SendAsync(RawPeer.Frame(2, 9, RawPeer.Call(objectId, RawPeer.MethodId<IWaiter>("WaitAsync"), [8, 0, 0, 0])), cancellationToken);

        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, (RompError)payload[0]), Is.EqualTo((Exception, 9u, RompError.InvalidMessage)));
        Assert.That(waiter.Started.Task.IsCompleted, Is.False, "the method must not run for a call of the wrong kind");
        Assert.That(await ResolveRawAsync(peer, "calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken), Is.Not.Zero, "the connection stays open");
    }

    [Test]
    public async Task ViolationWhileCallsPending_GoodbyeIsTheLastFrame(CancellationToken cancellationToken)
    {
        // All in one write: a resolve (call 1), a resolve whose arguments do not decode (call 2: a violation, since the
        // resolver's arguments are the protocol's own, §3.11), then SYNC (call 3), which is held until call 2 has
        // finished, by which time the connection has said goodbye.
        byte[] conversation =
        [
            .. RawPeer.Hello(),
            .. RawPeer.Frame(Request, 1, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", RompContracts.Find<ICalculator>()!.ContractName))),
            .. RawPeer.Frame(Request, 2, RawPeer.Call(0, 1, [1, 2, 3])),
            .. RawPeer.Frame(Sync, 3, []),
        ];
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
        await peer.SendAsync(conversation, cancellationToken);

        byte[] answer = await peer.ReadToEndAsync(cancellationToken);

        List<(byte Type, uint CallId, byte[] Payload)> frames = RawPeer.ParseFrames(answer.AsSpan(12));
        Assert.That(frames.Select(f => (f.Type, f.CallId)), Is.EqualTo(new[] { (RetVal, 1u), (Goodbye, 0u) }));
        Assert.That((RompError)frames[^1].Payload[0], Is.EqualTo(RompError.InvalidMessage));
    }

    [TestCase(1, TestName = "PeerStallsInFrame_OneHeaderByte_ClosedWithTimeout")]
    [TestCase(9 + 3, TestName = "PeerStallsInFrame_HeaderAndPartOfPayload_ClosedWithTimeout")]
    public async Task PeerStallsInFrame_ClosedWithTimeout(int bytesSent)
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await using RawPeer peer = await HandshakenPeerAsync(cancel.Token);
        byte[] frame = RawPeer.Frame(Request, 7, RawPeer.Call(0, 1, RawPeer.ResolveArguments("calc", "x")));

        await peer.SendAsync(frame[..bytesSent], cancel.Token);

        await AssertGoodbyeThenCloseAsync(peer, RompError.Timeout, cancel.Token);
        Assert.That(Server.ConnectionCount, Is.EqualTo(1), "only the fixture's client is left");
    }

    [Test]
    public async Task SteadyStreamOfLargeFrames_LongerThanFrameReadTimeout_IsNotCutOff(CancellationToken cancellationToken)
    {
        // Every read ends inside the next frame for longer than FrameReadTimeout: each frame is on time, so none trips it.
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var payload = new string('x', 48 * 1024);
        int calls = 0;
        while (watch.Elapsed < TimeSpan.FromMilliseconds(900) && calls < 100_000)
        {
            Assert.That(await calc.EchoAsync(payload), Has.Length.EqualTo(payload.Length));
            calls++;
        }

        Assert.That(Client.IsConnected, Is.True);
    }

    [Test]
    public async Task ManyPeersLeavingRightAfterHello_ConnectionCountReturnsToExactlyOne(CancellationToken cancellationToken)
    {
        const int peers = 300;
        int closed = 0;
        var allClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, _) =>
        {
            if (Interlocked.Increment(ref closed) == peers)
                allClosed.TrySetResult();
        };

        // Hello and GOODBYE in one write, then gone: the connection may end before the server has finished admitting it.
        byte[] helloGoodbye = [.. RawPeer.Hello(), .. RawPeer.Frame(Goodbye, 0, [255, 0, 0, 0, 0])];
        for (int i = 0; i < peers; i++)
        {
            await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
            await peer.SendAsync(helloGoodbye, cancellationToken);
        }

        await allClosed.Task.WaitAsync(cancellationToken);
        Assert.That(Server.ConnectionCount, Is.EqualTo(1), "only the fixture's client is left");
    }

    private Task<RawPeer> HandshakenPeerAsync(CancellationToken cancellationToken) =>
        RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);

    private static Task<uint> ResolveRawAsync(RawPeer peer, string name, string contractName, CancellationToken cancellationToken) =>
        peer.ResolveAsync(name, contractName, cancellationToken);

    private async Task AssertGoodbyeThenCloseAsync(RawPeer peer, RompError expected, CancellationToken cancellationToken)
    {
        (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That(type, Is.EqualTo(Goodbye));
        Assert.That((RompError)payload[0], Is.EqualTo(expected));
        Assert.That(await peer.ReadToEndAsync(cancellationToken), Is.Empty);
        RompConnectionClosedEventArgs closed = await _firstClosed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(expected));
    }

    private async Task AssertServerStillServesAsync(CancellationToken cancellationToken)
    {
        await using RompClient fresh = await ConnectAsync();
        IGreeter greeter = await fresh.ResolveAsync<IGreeter>("greeter", cancellationToken);
        Assert.That(await greeter.GreetAsync("still here"), Is.EqualTo("hello still here"));
    }
}
