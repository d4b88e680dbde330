using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Romp.Tests.Support;

namespace Romp.Tests.Description;

/// <summary>The describe call byte by byte, as protocol.md §4.6 gives it: what another language's peer would send and read.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class DescribeWireTests
{
    private static readonly byte[] s_describeEverything = RawPeer.Frame(1, 7, RawPeer.Call(0, 3, [0xFF, 0xFF, 0xFF, 0xFF]));

    [Test]
    public async Task Hello_AnyServer_OffersDescribe(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectAsync(server.Endpoint, cancellationToken);

        await peer.SendAsync(RawPeer.Hello(flags: 0x1C), cancellationToken);
        byte[] hello = await peer.ReadExactlyAsync(12, cancellationToken);

        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(hello.AsSpan(6)) & 0x20, Is.EqualTo(0x20));
    }

    [Test]
    public async Task DescribeCall_EmptyServerWithDescribe_RetvalOfFormatTwoAndNoObjects(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { EnableDescribe = true });
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken, flags: 0x3C);

        await peer.SendAsync(s_describeEverything, cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId), Is.EqualTo(((byte)5, 7u)));
        Assert.That(payload, Is.EqualTo(new byte[] { 2, 0, 0, 0, 0 }));
    }

    [Test]
    public async Task DescribeCall_DescribeOff_ExceptionAccessDeniedAndTheConnectionAnswersAgain(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken, flags: 0x3C);

        await peer.SendAsync(s_describeEverything, cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        await peer.SendAsync(RawPeer.Frame(8, 9, []), cancellationToken);
        (byte syncType, uint syncId, _) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId, payload[0]), Is.EqualTo(((byte)6, 7u, (byte)RompError.AccessDenied)));
        Assert.That((syncType, syncId), Is.EqualTo(((byte)9, 9u)), "SYNC is answered: the connection stayed");
    }

    [Test]
    public async Task DescribeAsync_PeerWithoutTheDescribeFlag_InvalidPartnerAndNothingSent(CancellationToken cancellationToken)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        Task<RompClient> connecting = RompClient.ConnectAsync($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}", cancellationToken: cancellationToken);
        await using RawPeer older = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
        await older.SendAsync(RawPeer.Hello(flags: 0x1C), cancellationToken); // keepalive, call headers, drain: no describe
        await older.ReadExactlyAsync(12, cancellationToken);
        await using RompClient client = await connecting;

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await client.DescribeAsync(cancellationToken: cancellationToken));
        Task sync = client.SyncAsync(cancellationToken);
        (byte type, uint callId, _) = await older.ReadFrameAsync(cancellationToken);
        await older.SendAsync(RawPeer.Frame(9, callId, []), cancellationToken);
        await sync;

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(type, Is.EqualTo((byte)8), "the first frame the older peer reads is the SYNC, not a describe call");
    }
}
