using System.Buffers.Binary;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

/// <summary>
/// Byte streams byte by byte, as protocol.md §3.14 gives them: what another language's peer sends and reads, the
/// writer held to the credit it was granted, and the reader's refusals.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ByteStreamWireTests
{
    private const byte Request = 1, RetVal = 5, Exception = 6, Goodbye = 12, Bytes = 18, BytesEnd = 19, BytesCredit = 20, BytesStop = 21;
    private const ushort WithByteStreams = 0x7C, WithoutByteStreams = 0x3C;

    private RompServer _server = null!;
    private Transfer _transfer = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _transfer = new Transfer();
        _server = new RompServer("tcp://127.0.0.1:0");
        _server.Bind<ITransfer>("transfer", _transfer);
        await _server.StartAsync();
    }

    [TearDown]
    public async Task StopAsync() => await _server.DisposeAsync();

    [Test]
    public async Task Hello_AnyServer_OffersByteStreams(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(_server.Endpoint, cancellationToken);

        await peer.SendAsync(RawPeer.Hello(flags: WithoutByteStreams), cancellationToken);
        byte[] hello = await peer.ReadExactlyAsync(12, cancellationToken);

        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(hello.AsSpan(6)) & 0x40, Is.EqualTo(0x40));
    }

    [Test]
    public async Task StreamArgument_CreditOnTheFirstRead_ThenBytesAndEnd_TheCallCountsThem(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithByteStreams);
        uint transfer = await peer.ResolveAsync("transfer", Contract.ContractName, cancellationToken);

        // CountAsync(content): the argument is stream 5 of this peer's.
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(transfer, MethodId("CountAsync"), [5, 0, 0, 0])), cancellationToken);
        byte[] credit = await ReadRawFrameAsync(peer, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Bytes, 5, "hello"u8), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Bytes, 5, " world"u8), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(BytesEnd, 5, []), cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);

        // BYTES_CREDIT for stream 5: 1 MiB, the reader's window.
        Assert.That(credit, Is.EqualTo(new byte[] { 0x04, 0, 0, 0, BytesCredit, 0x05, 0, 0, 0, 0x00, 0x00, 0x10, 0x00 }));
        Assert.That((type, callId), Is.EqualTo((RetVal, 1u)));
        Assert.That(BinaryPrimitives.ReadInt64LittleEndian(payload), Is.EqualTo(11));
    }

    [Test]
    public async Task StreamResult_WriterSendsNoMoreThanGranted_ThenEnds(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithByteStreams);
        uint transfer = await peer.ResolveAsync("transfer", Contract.ContractName, cancellationToken);

        // ProduceAsync(length: 5, seed: 3): the result is the server's stream 1, and nothing flows before a credit.
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(transfer, MethodId("ProduceAsync"), [5, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0])), cancellationToken);
        (byte type, uint callId, byte[] result) = await peer.ReadFrameAsync(cancellationToken);
        uint stream = BinaryPrimitives.ReadUInt32LittleEndian(result);
        await peer.SendAsync(RawPeer.Frame(BytesCredit, stream, [2, 0, 0, 0]), cancellationToken);
        var first = await peer.ReadFrameAsync(cancellationToken);
        await peer.SendAsync(RawPeer.Frame(BytesCredit, stream, [10, 0, 0, 0]), cancellationToken);
        var second = await peer.ReadFrameAsync(cancellationToken);
        var end = await peer.ReadFrameAsync(cancellationToken);

        byte[] expected = new byte[5];
        new GeneratedStream(5, 3).ReadExactly(expected);
        Assert.That((type, callId, result.Length), Is.EqualTo((RetVal, 1u, 4)));
        Assert.That(stream, Is.Not.Zero);
        Assert.That((first.Type, first.CallId, first.Payload), Is.EqualTo((Bytes, stream, expected[..2])));
        Assert.That((second.Type, second.CallId, second.Payload), Is.EqualTo((Bytes, stream, expected[2..])));
        Assert.That((end.Type, end.CallId, end.Payload), Is.EqualTo((BytesEnd, stream, Array.Empty<byte>())));
        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task BytesStop_StopsTheWriterAndDisposesItsStream(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithByteStreams);
        uint transfer = await peer.ResolveAsync("transfer", Contract.ContractName, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(transfer, MethodId("ProduceEndless"), [])), cancellationToken);
        (_, _, byte[] result) = await peer.ReadFrameAsync(cancellationToken);
        uint stream = BinaryPrimitives.ReadUInt32LittleEndian(result);
        await peer.SendAsync(RawPeer.Frame(BytesCredit, stream, [100, 0, 0, 0]), cancellationToken);
        var piece = await peer.ReadFrameAsync(cancellationToken);

        await peer.SendAsync(RawPeer.Frame(BytesStop, stream, []), cancellationToken);

        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
        Assert.That((piece.Type, piece.Payload.Length), Is.EqualTo((Bytes, 100)));
        Assert.That(_transfer.LastProduced.Produced, Is.EqualTo(100), "not a byte more than was granted was read");
    }

    [Test]
    public async Task PeerWithoutByteStreams_StreamResult_IsAnsweredWithUnsupportedType(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithoutByteStreams);
        uint transfer = await peer.ResolveAsync("transfer", Contract.ContractName, cancellationToken);

        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(transfer, MethodId("ProduceEndless"), [])), cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId, payload[0]), Is.EqualTo((Exception, 1u, (byte)RompError.UnsupportedType)));
        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task PeerWithoutByteStreams_SendsBytes_ConnectionClosesWithInvalidMessage(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithoutByteStreams);

        await peer.SendAsync(RawPeer.Frame(Bytes, 1, [1, 2, 3]), cancellationToken);

        Assert.That(await ReadGoodbyeReasonAsync(peer, cancellationToken), Is.EqualTo((byte)RompError.InvalidMessage));
    }

    [Test]
    public async Task BytesBeyondTheCredit_ConnectionClosesWithInvalidMessage(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithByteStreams);
        uint transfer = await peer.ResolveAsync("transfer", Contract.ContractName, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(Request, 1, RawPeer.Call(transfer, MethodId("CountAsync"), [5, 0, 0, 0])), cancellationToken);
        await ReadRawFrameAsync(peer, cancellationToken); // the credit: 1 MiB

        await peer.SendAsync(RawPeer.Frame(Bytes, 5, new byte[1024 * 1024 + 1]), cancellationToken);

        Assert.That(await ReadGoodbyeReasonAsync(peer, cancellationToken), Is.EqualTo((byte)RompError.InvalidMessage));
    }

    [Test]
    public async Task BytesForAStreamNobodyAnnounced_AreDropped(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(_server.Endpoint, cancellationToken, WithByteStreams);

        // A stream the reader stopped may still have bytes on their way: a reader drops them, and their end too.
        await peer.SendAsync(RawPeer.Frame(Bytes, 77, [1, 2, 3]), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(BytesEnd, 77, []), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(BytesCredit, 78, [1, 0, 0, 0]), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(BytesStop, 78, []), cancellationToken);
        await peer.SendAsync(RawPeer.Frame(8, 9, []), cancellationToken);
        (byte type, uint callId, _) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId), Is.EqualTo(((byte)9, 9u)), "SYNC is answered: the connection stayed");
    }

    private static RompObjectContract Contract => RompContracts.Find<ITransfer>()!;

    private static ushort MethodId(string name) => Contract.Describe().Methods.Single(m => m.Name == name).Id;

    private static async Task<byte[]> ReadRawFrameAsync(RawPeer peer, CancellationToken cancellationToken)
    {
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        return RawPeer.Frame(type, callId, payload);
    }

    private static async Task<byte> ReadGoodbyeReasonAsync(RawPeer peer, CancellationToken cancellationToken)
    {
        while (true)
        {
            (byte type, _, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
            if (type == Goodbye)
                return payload[0];
        }
    }
}
