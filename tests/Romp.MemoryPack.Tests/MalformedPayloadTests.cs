using System.Buffers.Binary;
using MemoryPack;
using Romp.CompilerServices;
using Romp.MemoryPackTests.Contracts;
using Romp.Tests.Support;

namespace Romp.MemoryPackTests;

/// <summary>
/// Malformed MemoryPack bytes in a call's arguments fail that call like any other payload that does not decode
/// (docs/protocol.md §3.11): the server answers EXCEPTION with InvalidMessage, and the connection that sent them serves
/// its next call, as every other connection is served.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class MalformedPayloadTests
{
    private const byte Request = 1;
    private const byte RetVal = 5;
    private const byte Exception = 6;
    private static readonly ushort EchoMethod = RawPeer.MethodId<IOrderBook>("EchoAsync");

    private RompServer _server = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer("tcp://127.0.0.1:0");
        _server.Bind<IOrderBook>("book", new OrderBook());
        await _server.StartAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Echo_GarbageInsideThePrefix_CallFailsWithInvalidMessage_ConnectionServesTheNextCall(CancellationToken cancellationToken) =>
        await AssertCallFailsAsync(Prefixed([0x03, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE, 0xFE]), cancellationToken);

    [Test]
    public async Task Echo_NegativeListLength_CallFailsWithInvalidMessage_ConnectionServesTheNextCall(CancellationToken cancellationToken)
    {
        // Member count 4, Id 1, an empty customer (length 0), then the list's length: -5.
        byte[] memoryPack = [4, 1, 0, 0, 0, 0, 0, 0, 0, 0xFB, 0xFF, 0xFF, 0xFF];
        await AssertCallFailsAsync(Prefixed(memoryPack), cancellationToken);
    }

    [Test]
    public async Task Echo_ValidOrderWithBytesLeftInThePrefix_CallFailsWithInvalidMessage(CancellationToken cancellationToken) =>
        await AssertCallFailsAsync(Prefixed([.. MemoryPackSerializer.Serialize(Order.Sample(1)), 0x00]), cancellationToken);

    [Test]
    public async Task Echo_PrefixPastThePayload_CallFailsWithInvalidMessage(CancellationToken cancellationToken)
    {
        byte[] order = MemoryPackSerializer.Serialize(Order.Sample(1));
        byte[] arguments = Prefixed(order);
        BinaryPrimitives.WriteInt32LittleEndian(arguments, order.Length + 1);

        await AssertCallFailsAsync(arguments, cancellationToken);
    }

    [Test]
    public async Task Echo_ValidOrderFromARawPeer_IsAnswered(CancellationToken cancellationToken)
    {
        // The control: the same raw peer with well-formed bytes gets its order back.
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken);
        uint book = await peer.ResolveAsync("book", RompContracts.Find<IOrderBook>()!.ContractName, cancellationToken);
        byte[] arguments = RompSerializer.Serialize(Order.Sample(9), MemoryPackValueFormatter<Order>.Instance);

        await peer.SendAsync(RawPeer.Frame(Request, 7, RawPeer.Call(book, EchoMethod, arguments)), cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId), Is.EqualTo(((byte)5, 7u)), "RETVAL for call 7");
        Assert.That(RompSerializer.Deserialize(payload, MemoryPackValueFormatter<Order>.Instance).Describe(), Is.EqualTo(Order.Sample(9).Describe()));
    }

    private async Task AssertCallFailsAsync(byte[] arguments, CancellationToken cancellationToken)
    {
        await using RompClient bystander = await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken);
        IOrderBook book = await bystander.ResolveAsync<IOrderBook>("book", cancellationToken);

        await using (RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken))
        {
            uint objectId = await peer.ResolveAsync("book", RompContracts.Find<IOrderBook>()!.ContractName, cancellationToken);
            await peer.SendAsync(RawPeer.Frame(Request, 7, RawPeer.Call(objectId, EchoMethod, arguments)), cancellationToken);
            (byte type, uint callId, byte[] error) = await peer.ReadFrameAsync(cancellationToken);
            byte[] good = RompSerializer.Serialize(Order.Sample(4), MemoryPackValueFormatter<Order>.Instance);
            await peer.SendAsync(RawPeer.Frame(Request, 8, RawPeer.Call(objectId, EchoMethod, good)), cancellationToken);
            (byte nextType, uint nextId, byte[] echoed) = await peer.ReadFrameAsync(cancellationToken);

            Assert.That((type, callId, (RompError)error[0]), Is.EqualTo((Exception, 7u, RompError.InvalidMessage)), "EXCEPTION for call 7");
            Assert.That((nextType, nextId), Is.EqualTo((RetVal, 8u)), "the same connection answers call 8");
            Assert.That(RompSerializer.Deserialize(echoed, MemoryPackValueFormatter<Order>.Instance)?.Id, Is.EqualTo(4));
        }

        // The connection that was already open and a new one are both served.
        Assert.That((await book.EchoAsync(Order.Sample(2)))?.Id, Is.EqualTo(2));
        await using RompClient next = await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken);
        IOrderBook again = await next.ResolveAsync<IOrderBook>("book", cancellationToken);
        Assert.That(await again.DescribeAsync(Order.Sample(3)), Is.EqualTo(Order.Sample(3).Describe()));
    }

    private static byte[] Prefixed(byte[] memoryPack)
    {
        var arguments = new byte[4 + memoryPack.Length];
        BinaryPrimitives.WriteInt32LittleEndian(arguments, memoryPack.Length);
        memoryPack.CopyTo(arguments, 4);
        return arguments;
    }
}
