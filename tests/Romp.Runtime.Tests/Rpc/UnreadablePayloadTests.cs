using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Romp.CompilerServices;
using Romp.Description;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Rpc;

/// <summary>
/// A payload that cannot be decoded fails its own call with <see cref="RompError.InvalidMessage"/> and a message that
/// names what did not fit, on either side, and the connection serves the next call (docs/protocol.md §3.11): the frame
/// delimits the payload, so the rest of the stream is intact. Hand-made bytes on real sockets.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class UnreadablePayloadTests
{
    private const byte Request = 1, RequestBlock = 2, Oneway = 3, RetVal = 5, Exception = 6, Yield = 7, Sync = 8, NullMsg = 9, Cancel = 10, Goodbye = 12;

    private static readonly RompContractDescription s_shapes = RompContracts.Find<IShapeService>()!.Describe();
    private static readonly RompNamedType s_sample = s_shapes.FindType("Romp.Tests.Contracts.Sample")!;

    private RompServer _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer("tcp://127.0.0.1:0");
        _server.Bind<IShapeService>("shapes", new ShapeService());
        _server.Bind<ICounterFactory>("factory", new CounterFactory());
        _server.Bind<IKennel>("kennel", new Kennel());
        await _server.StartAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Arguments_MemberSentAsAnotherType_CallFailsNamingTheMember_ConnectionServesTheNextCall(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken);
        uint shapes = await peer.ResolveAsync("shapes", s_shapes.ContractName, cancellationToken);
        // A Sample whose Value (a double) comes as an int: what a peer with another version of Sample would send.
        byte[] sample = Record(Member("Value", RompWireKind.Int32, BitConverter.GetBytes(7)));

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(shapes, MethodId("EchoSampleAsync"), sample)), cancellationToken);
        (byte type, uint callId, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        (byte nextType, uint nextId, byte[] sum) = await AddAsync(peer, shapes, 2, 20, 22, cancellationToken);

        Assert.That((type, callId, (RompError)error[0]), Is.EqualTo((Exception, 1u, RompError.InvalidMessage)));
        Assert.That(Text(error), Does.Contain("The arguments of Romp.Tests.Contracts.IShapeService/EchoSampleAsync could not be read")
            .And.Contain($"Romp.Tests.Contracts.Sample member 'Value' (id 0x{MemberId("Value"):X4})")
            .And.Contain("sent as an int (wire kind 0x0B), but this side declares a double (wire kind 0x1C)"));
        Assert.That((nextType, nextId, BinaryPrimitives.ReadInt32LittleEndian(sum)), Is.EqualTo((RetVal, 2u, 42)));
    }

    [Test]
    public async Task Arguments_RecordLengthPastThePayload_CallFails_ConnectionServesTheNextCall(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken);
        uint shapes = await peer.ResolveAsync("shapes", s_shapes.ContractName, cancellationToken);
        // The failure issue 11 reported: a length that a reader of another layout took from the middle of a value.
        byte[] sample = [0x00, 0x00, 0x00, 0x70, 1, 2, 3];

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(shapes, MethodId("EchoSampleAsync"), sample)), cancellationToken);
        (byte type, _, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
        (byte nextType, _, _) = await AddAsync(peer, shapes, 2, 1, 2, cancellationToken);

        Assert.That((type, (RompError)error[0]), Is.EqualTo((Exception, RompError.InvalidMessage)));
        Assert.That(Text(error), Does.Contain("A length of 1879048192 does not fit the 3 bytes that remain in the payload."));
        Assert.That(nextType, Is.EqualTo(RetVal));
    }

    [Test]
    public async Task OnewayArguments_Unreadable_CallIsDropped_ConnectionStillAnswersSync(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken);
        uint shapes = await peer.ResolveAsync("shapes", s_shapes.ContractName, cancellationToken);

        // Tick(int) with three bytes of its four, then one that reads.
        await peer.SendAsync(RawPeer.Frame(Oneway, 0, RawPeer.Call(shapes, MethodId("Tick"), [1, 0, 0])), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Oneway, 0, RawPeer.Call(shapes, MethodId("Tick"), BitConverter.GetBytes(5))), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Sync, 1, []), cancellationToken);
        (byte type, uint callId, _) = await peer.ReadFrameAsync(cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 2, RawPeer.Call(shapes, MethodId("TicksAsync"), [])), cancellationToken);
        (_, _, byte[] ticks) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId), Is.EqualTo((NullMsg, 1u)));
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(ticks), Is.EqualTo(5), "only the call that could be read ran");
    }

    [Test]
    public async Task Arguments_ReferenceContradictingAnEarlierOne_StillCloseTheConnection(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken);
        uint factory = await peer.ResolveAsync("factory", RompContracts.Find<ICounterFactory>()!.ContractName, cancellationToken);
        uint kennel = await peer.ResolveAsync("kennel", RompContracts.Find<IKennel>()!.ContractName, cancellationToken);
        ushort isOwnCounter = RompContracts.Find<ICounterFactory>()!.Describe().Methods.Single(static m => m.Name == "IsOwnAsync").Id;
        ushort isOwnAnimal = RompContracts.Find<IKennel>()!.Describe().Methods.Single(static m => m.Name == "IsOwnAsync").Id;

        // This side's object 77, sent as an ICounter and then as an IAnimal: the peer's tables cannot both be right.
        byte[] both =
        [
            .. RawPeer.Frame(Request, 1, RawPeer.Call(factory, isOwnCounter, SenderReference(77, RompContracts.Find<ICounter>()!.Id))),
            .. RawPeer.Frame(Request, 2, RawPeer.Call(kennel, isOwnAnimal, SenderReference(77, RompContracts.Find<IAnimal>()!.Id))),
        ];
        await peer.SendAsync(both, cancellationToken);

        Assert.That(await ReadUntilGoodbyeAsync(peer, cancellationToken), Is.EqualTo(RompError.InvalidMessage));
        Assert.That(await peer.ReadToEndAsync(cancellationToken), Is.Empty);
    }

    [Test]
    public async Task Result_MemberSentAsAnotherType_CallFailsNamingTheMember_ConnectionServesTheNextCall(CancellationToken cancellationToken)
    {
        using Socket listener = Listen(out string endpoint);
        Task fakeServer = Task.Run(async () =>
        {
            await using RawPeer server = await AcceptAsync(listener, cancellationToken);
            (_, uint echo, _) = await server.ReadFrameAsync(cancellationToken);
            // Its Sensor (a string) as an int: a server with another version of Sample.
            await server.SendAsync(RawPeer.Frame(RetVal, echo, Record(Member("Sensor", RompWireKind.Int32, BitConverter.GetBytes(3)))), cancellationToken);
            (_, uint add, _) = await server.ReadFrameAsync(cancellationToken);
            await server.SendAsync(RawPeer.Frame(RetVal, add, BitConverter.GetBytes(42)), cancellationToken);
            await server.ReadToEndAsync(cancellationToken);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        IShapeService shapes = await client.ResolveAsync<IShapeService>("shapes", cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(async () =>
            await shapes.EchoSampleAsync(new Sample("probe", 1, Mood.Calm, null)).AsTask().WaitAsync(cancellationToken));
        int sum = await shapes.AddAsync(20, 22).AsTask().WaitAsync(cancellationToken);

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.StartWith("The result of Romp.Tests.Contracts.IShapeService/EchoSampleAsync (call ")
            .And.Contain($"could not be read: Romp.Tests.Contracts.Sample member 'Sensor' (id 0x{MemberId("Sensor"):X4}): it was sent as an int"));
        Assert.That((sum, client.IsConnected), Is.EqualTo((42, true)));
        await client.DisposeAsync();
        await fakeServer;
    }

    [Test]
    public async Task StreamItem_Unreadable_StreamFailsAfterTheGoodItems_ProducerCancelled_ConnectionStays(CancellationToken cancellationToken)
    {
        using Socket listener = Listen(out string endpoint);
        var cancelled = new TaskCompletionSource<uint>(TaskCreationOptions.RunContinuationsAsynchronously);
        Task fakeServer = Task.Run(async () =>
        {
            await using RawPeer server = await AcceptAsync(listener, cancellationToken);
            (byte type, uint stream, _) = await server.ReadFrameAsync(cancellationToken);
            Assert.That(type, Is.EqualTo(RequestBlock));
            // Two items of CountAsync's ints, the second cut short by a byte.
            await server.SendAsync(RawPeer.Frame(Yield, stream, [2, 0, 0, 0, 10, 0, 0, 0, 11, 0, 0]), cancellationToken);
            (byte cancel, uint cancelledId, _) = await server.ReadFrameAsync(cancellationToken);
            cancelled.SetResult(cancel == Cancel ? cancelledId : 0);
            // What a producer still sends after a CANCEL is read and dropped.
            await server.SendAsync(RawPeer.Frame(Yield, stream, [1, 0, 0, 0, 12]), cancellationToken);
            await server.SendAsync(RawPeer.Frame(RetVal, stream, []), cancellationToken);
            (_, uint add, _) = await server.ReadFrameAsync(cancellationToken);
            await server.SendAsync(RawPeer.Frame(RetVal, add, BitConverter.GetBytes(3)), cancellationToken);
            await server.ReadToEndAsync(cancellationToken);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        IShapeService shapes = await client.ResolveAsync<IShapeService>("shapes", cancellationToken);

        var items = new List<int>();
        RompException? error = Assert.ThrowsAsync<RompException>(async () =>
        {
            await foreach (int item in shapes.CountAsync(2).WithCancellation(cancellationToken))
                items.Add(item);
        });
        uint cancelledStream = await cancelled.Task.WaitAsync(cancellationToken);
        int sum = await shapes.AddAsync(1, 2).AsTask().WaitAsync(cancellationToken);

        Assert.That(items, Is.EqualTo(new[] { 10 }));
        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.StartWith("An item of Romp.Tests.Contracts.IShapeService/CountAsync (call ")
            .And.Contain("The payload ended before the value it describes."));
        Assert.That(cancelledStream, Is.Not.Zero, "the producer was sent CANCEL");
        Assert.That((sum, client.IsConnected), Is.EqualTo((3, true)));
        await client.DisposeAsync();
        await fakeServer;
    }

    private static ushort MethodId(string name) => s_shapes.Methods.Single(m => m.Name == name).Id;

    private static ushort MemberId(string name) => s_sample.Members.Single(m => m.Name == name).Id;

    private static string Text(byte[] payload) => Encoding.UTF8.GetString(payload);

    private static byte[] Member(string name, RompWireKind kind, byte[] value)
    {
        ushort id = MemberId(name);
        return [(byte)id, (byte)(id >> 8), (byte)kind, .. value];
    }

    private static byte[] Record(params byte[][] members)
    {
        byte[] body = members.SelectMany(static m => m).ToArray();
        return [.. BitConverter.GetBytes(body.Length), .. body];
    }

    private static byte[] SenderReference(uint objectId, ulong contractId) =>
        [1, .. BitConverter.GetBytes(objectId), .. BitConverter.GetBytes(contractId)];

    private static async Task<(byte Type, uint CallId, byte[] Payload)> AddAsync(RawPeer peer, uint shapes, uint callId, int a, int b, CancellationToken cancellationToken)
    {
        await peer.SendAsync(RawPeer.Frame(Request, callId, RawPeer.Call(shapes, MethodId("AddAsync"), [.. BitConverter.GetBytes(a), .. BitConverter.GetBytes(b)])), cancellationToken);
        return await peer.ReadFrameAsync(cancellationToken);
    }

    private static async Task<RompError> ReadUntilGoodbyeAsync(RawPeer peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
            if (type == Goodbye)
                return (RompError)payload[0];
        }
    }

    private static Socket Listen(out string endpoint)
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        return listener;
    }

    // A fake server that has exchanged hellos and answered the client's resolve with object 1.
    private static async Task<RawPeer> AcceptAsync(Socket listener, CancellationToken cancellationToken)
    {
        RawPeer server = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
        await server.SendAsync(RawPeer.Hello(), cancellationToken);
        await server.ReadExactlyAsync(12, cancellationToken);
        (_, uint resolve, _) = await server.ReadFrameAsync(cancellationToken);
        await server.SendAsync(RawPeer.Frame(RetVal, resolve, [1, 0, 0, 0, 0, 0]), cancellationToken);
        return server;
    }
}
