using System.Net;
using System.Net.Sockets;
using Romp.Tests.Support;

namespace Romp.Tests.Docs;

/// <summary>
/// The example of docs/protocol.md §6, byte by byte, against a real client: what it sends to resolve and call
/// <see cref="IProtocolExample"/>, and how it takes the answers, including a resolve answer with a gap. A peer in
/// another language is written from those bytes, so they must be the ones Romp puts on the wire.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class ProtocolExampleTests
{
    private const byte Sync = 8, NullMsg = 9;

    // The resolve of §6: "calc", "demo.calc", one method: id 10132, signature hash 0xE375E0A4.
    private static readonly byte[] s_resolve =
    [
        0x23, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x01, 0x00,
        0x04, 0x00, 0x00, 0x00, 0x63, 0x61, 0x6C, 0x63,
        0x09, 0x00, 0x00, 0x00, 0x64, 0x65, 0x6D, 0x6F, 0x2E, 0x63, 0x61, 0x6C, 0x63,
        0x01, 0x00,
        0x94, 0x27, 0xA4, 0xE0, 0x75, 0xE3,
    ];

    [Test]
    public async Task Section6_ResolveAndCall_AreTheBytesTheProtocolShows(CancellationToken cancellationToken)
    {
        using Socket listener = Listen(out string endpoint);
        Task<(byte[] Resolve, byte[] Call)> server = Task.Run(async () =>
        {
            await using RawPeer peer = await AcceptAsync(listener, cancellationToken);
            byte[] resolve = await peer.ReadExactlyAsync(s_resolve.Length, cancellationToken);
            await peer.SendAsync([0x06, 0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00], cancellationToken);
            byte[] call = await peer.ReadExactlyAsync(9 + 14, cancellationToken);
            await peer.SendAsync([0x04, 0x00, 0x00, 0x00, 0x05, 0x02, 0x00, 0x00, 0x00, 0x2A, 0x00, 0x00, 0x00], cancellationToken);
            return (resolve, call);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);

        IProtocolExample calc = await client.ResolveAsync<IProtocolExample>("calc", cancellationToken);
        int sum = await calc.AddAsync(2, 40);

        (byte[] resolve, byte[] call) = await server;
        Assert.That(resolve, Is.EqualTo(s_resolve));
        Assert.That(call, Is.EqualTo(new byte[] { 0x0E, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x94, 0x27, 0x02, 0x00, 0x00, 0x00, 0x28, 0x00, 0x00, 0x00 }));
        Assert.That(sum, Is.EqualTo(42));
    }

    [Test]
    public async Task Section6_ResolveAnswerWithAGap_TheCallFailsUnsent(CancellationToken cancellationToken)
    {
        using Socket listener = Listen(out string endpoint);
        var served = new TaskCompletionSource<RawPeer>(TaskCreationOptions.RunContinuationsAsynchronously);
        _ = Task.Run(async () =>
        {
            RawPeer peer = await AcceptAsync(listener, cancellationToken);
            await peer.ReadExactlyAsync(s_resolve.Length, cancellationToken);
            // Object 1; 1 gap: method 10132, kind 1 (no such method).
            await peer.SendAsync([0x09, 0x00, 0x00, 0x00, 0x05, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x94, 0x27, 0x01], cancellationToken);
            served.SetResult(peer);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);

        IProtocolExample calc = await client.ResolveAsync<IProtocolExample>("calc", cancellationToken);
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(2, 40));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownMethod));
        Assert.That(error.Message, Does.StartWith("The server's 'demo.calc' has no method AddAsync(int, int)"));
        await using RawPeer server = await served.Task;
        Task sync = client.SyncAsync(cancellationToken);
        (byte type, uint syncId, _) = await server.ReadFrameAsync(cancellationToken);
        Assert.That(type, Is.EqualTo(Sync), "the next frame is the SYNC: the call was never sent");
        await server.SendAsync(RawPeer.Frame(NullMsg, syncId, []), cancellationToken);
        await sync;
    }

    private static Socket Listen(out string endpoint)
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        return listener;
    }

    private static async Task<RawPeer> AcceptAsync(Socket listener, CancellationToken cancellationToken)
    {
        RawPeer peer = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
        await peer.SendAsync(RawPeer.Hello(), cancellationToken);
        await peer.ReadExactlyAsync(12, cancellationToken);
        return peer;
    }
}
