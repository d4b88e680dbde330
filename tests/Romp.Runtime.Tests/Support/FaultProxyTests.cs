using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Romp.Tests.Support;

/// <summary>
/// Each fault of <see cref="FaultProxy"/> does what it says, shown with bytes over real loopback sockets: the test holds
/// both ends, the client's socket to the proxy and the socket the proxy opened to the test's listener.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class FaultProxyTests
{
    private Socket _listener = null!;
    private FaultProxy _proxy = null!;
    private readonly List<Socket> _sockets = new();

    [SetUp]
    public void StartProxy()
    {
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen();
        _proxy = new FaultProxy($"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}");
    }

    [TearDown]
    public async Task StopProxyAsync()
    {
        await _proxy.DisposeAsync();
        foreach (Socket socket in _sockets)
            socket.Dispose();
        _sockets.Clear();
        _listener.Dispose();
    }

    [Test]
    public async Task Forward_BothDirections_BytesArriveIntactAndCounted(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        byte[] up = Random(1024 * 1024), down = Random(100_000);

        Task<byte[]> receivedUp = ReceiveExactlyAsync(server, up.Length, cancellationToken);
        await client.SendAsync(up, SocketFlags.None, cancellationToken);
        await server.SendAsync(down, SocketFlags.None, cancellationToken);

        Assert.That(await receivedUp, Is.EqualTo(up));
        Assert.That(await ReceiveExactlyAsync(client, down.Length, cancellationToken), Is.EqualTo(down));
        await link.ServerToClient.WaitUntilAsync(d => d.BytesForwarded == down.Length, cancellationToken);
        Assert.That((link.ClientToServer.BytesRead, link.ClientToServer.BytesForwarded, link.ClientToServer.BytesDropped), Is.EqualTo(((long)up.Length, (long)up.Length, 0L)));
        Assert.That((link.ServerToClient.BytesRead, link.ServerToClient.BytesForwarded), Is.EqualTo(((long)down.Length, (long)down.Length)));
    }

    [Test]
    public async Task Latency_SetWhileFlowing_EachChunkHeldThatLongInOrder(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        await client.SendAsync(new byte[] { 0 }, SocketFlags.None, cancellationToken);
        await ReceiveExactlyAsync(server, 1, cancellationToken);
        var latency = TimeSpan.FromMilliseconds(150);

        link.ClientToServer.Latency = latency;
        var clock = Stopwatch.StartNew();
        Task<byte[]> first = ReceiveExactlyAsync(server, 1, cancellationToken);
        for (byte i = 1; i <= 20; i++)
            await client.SendAsync(new[] { i }, SocketFlags.None, cancellationToken);
        await first;
        TimeSpan firstArrived = clock.Elapsed;
        byte[] rest = await ReceiveExactlyAsync(server, 19, cancellationToken);

        // The clock started before the proxy read the byte, so no slack is needed.
        Assert.That(firstArrived, Is.GreaterThanOrEqualTo(latency));
        Assert.That(rest, Is.EqualTo(Enumerable.Range(2, 19).Select(static i => (byte)i).ToArray()), "order is kept");
    }

    [Test]
    public async Task BandwidthLimit_TransferTakesAtLeastItsShareOfASecond(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        byte[] data = Random(256 * 1024);
        link.ClientToServer.BytesPerSecond = 1024 * 1024;

        var clock = Stopwatch.StartNew();
        Task<byte[]> received = ReceiveExactlyAsync(server, data.Length, cancellationToken);
        await client.SendAsync(data, SocketFlags.None, cancellationToken);
        byte[] arrived = await received;

        // A quarter of a second at 1 MiB/s, less the first 20 ms slice that goes at once.
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(225)));
        Assert.That(arrived, Is.EqualTo(data));
    }

    [Test]
    public async Task BlackHole_FramesReadAndDropped_SenderSeesNoErrorConnectionStaysOpen(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        await client.SendAsync(RawPeer.Hello(), SocketFlags.None, cancellationToken);
        await ReceiveExactlyAsync(server, 12, cancellationToken);
        byte[] lost = [.. RawPeer.Frame(1, 1, new byte[10_000]), .. RawPeer.Frame(8, 2, [])];
        byte[] after = RawPeer.Frame(8, 3, []);

        link.ClientToServer.BlackHole = true;
        int sent = await client.SendAsync(lost, SocketFlags.None, cancellationToken);
        await link.ClientToServer.WaitUntilAsync(d => d.BytesDropped == lost.Length, cancellationToken);
        link.ClientToServer.BlackHole = false;
        await client.SendAsync(after, SocketFlags.None, cancellationToken);

        Assert.That(sent, Is.EqualTo(lost.Length));
        Assert.That(await ReceiveExactlyAsync(server, after.Length, cancellationToken), Is.EqualTo(after), "nothing black-holed arrives, and the connection still carries frames");
        // The proxy counts forwarded bytes once its write returns, which may be after the server has read them.
        await link.ClientToServer.WaitUntilAsync(d => d.BytesForwarded >= 12 + after.Length, cancellationToken);
        Assert.That((link.ClientToServer.FramesDropped, link.ClientToServer.FramesForwarded), Is.EqualTo((2L, 1L)));
        Assert.That(link.ClientToServer.BytesForwarded, Is.EqualTo(12 + after.Length));
        Assert.That(link.IsCut, Is.False);
    }

    [Test]
    public async Task Stall_NothingRead_SenderWindowFillsUntilResume(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        link.ClientToServer.Stall();

        long accepted = FillUntilWouldBlock(client);
        bool stalledWhileFull = link.ClientToServer.BytesRead == 0;
        link.ClientToServer.Resume();
        client.Blocking = true;
        byte[] arrived = await ReceiveExactlyAsync(server, (int)accepted, cancellationToken);

        Assert.That(stalledWhileFull, Is.True, "the proxy read nothing while stalled");
        Assert.That(arrived.All(static b => b == 0x5A), Is.True);
        Assert.That(link.ClientToServer.BytesForwarded, Is.EqualTo(accepted));
    }

    [Test]
    public async Task Cut_Reset_BothPeersSeeAReset(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);

        link.Cut(ProxyCut.Reset);

        Assert.That(await ReceiveErrorAsync(client, cancellationToken), Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(await ReceiveErrorAsync(server, cancellationToken), Is.EqualTo(SocketError.ConnectionReset));
        await link.Completion.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task Cut_Fin_BothPeersReadEndOfStream_ClosedWhenTheyClose(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);

        link.Cut(ProxyCut.Fin);

        Assert.That(await client.ReceiveAsync(new byte[16], SocketFlags.None, cancellationToken), Is.Zero);
        Assert.That(await server.ReceiveAsync(new byte[16], SocketFlags.None, cancellationToken), Is.Zero);
        Assert.That(await client.SendAsync(new byte[3], SocketFlags.None, cancellationToken), Is.EqualTo(3), "the proxy still reads, and drops");
        await link.ClientToServer.WaitUntilAsync(static d => d.BytesDropped == 3, cancellationToken);
        client.Shutdown(SocketShutdown.Send);
        server.Shutdown(SocketShutdown.Send);
        await link.Completion.WaitAsync(cancellationToken);
        Assert.That(link.ClientToServer.BytesForwarded, Is.Zero);
    }

    [Test]
    public async Task DropFramesOfType_Cancel_OnlyThoseFramesMissingByteExact(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        link.ClientToServer.DropFramesOfType(10);
        byte[] hello = RawPeer.Hello();
        byte[][] frames =
        [
            RawPeer.Frame(1, 1, [1, 2, 3]),
            RawPeer.Frame(10, 1, []),
            RawPeer.Frame(1, 2, Random(100_000)),
            RawPeer.Frame(10, 2, []),
            RawPeer.Frame(8, 3, []),
        ];
        byte[] sent = [.. hello, .. frames.SelectMany(static f => f)];
        byte[] expected = [.. hello, .. frames[0], .. frames[2], .. frames[4]];

        // In 7-byte pieces, so that headers straddle the reads.
        Task<byte[]> received = ReceiveExactlyAsync(server, expected.Length, cancellationToken);
        for (int offset = 0; offset < sent.Length; offset += 7)
            await client.SendAsync(sent.AsMemory(offset, Math.Min(7, sent.Length - offset)), SocketFlags.None, cancellationToken);
        await link.ClientToServer.WaitUntilAsync(d => d.BytesRead == sent.Length, cancellationToken);

        Assert.That(await received, Is.EqualTo(expected));
        Assert.That((link.ClientToServer.FramesForwarded, link.ClientToServer.FramesDropped), Is.EqualTo((3L, 2L)));
        Assert.That(link.ClientToServer.BytesDropped, Is.EqualTo(2 * 9));
        Assert.That(server.Available, Is.Zero);
    }

    [Test]
    public async Task TargetResets_ResetPassedOnToTheClient(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);

        server.LingerState = new LingerOption(true, 0);
        server.Dispose();

        Assert.That(await ReceiveErrorAsync(client, cancellationToken), Is.EqualTo(SocketError.ConnectionReset));
        await link.Completion.WaitAsync(cancellationToken);
        Assert.That(link.IsCut, Is.True);
    }

    [Test]
    public async Task TargetCloses_FinPassedOnAfterWhatItSent(CancellationToken cancellationToken)
    {
        (Socket client, Socket server, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        link.ServerToClient.Latency = TimeSpan.FromMilliseconds(50);

        await server.SendAsync("last words"u8.ToArray(), SocketFlags.None, cancellationToken);
        server.Shutdown(SocketShutdown.Send);

        Assert.That(await ReceiveExactlyAsync(client, 10, cancellationToken), Is.EqualTo("last words"u8.ToArray()));
        Assert.That(await client.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken), Is.Zero);
        client.Shutdown(SocketShutdown.Send);
        Assert.That(await server.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken), Is.Zero);
        await link.Completion.WaitAsync(cancellationToken);
        Assert.That(link.IsCut, Is.False);
    }

    [Test]
    public async Task DisposeAsync_ConnectionsOpen_ResetsThemAndCompletes(CancellationToken cancellationToken)
    {
        (Socket client, _, ProxiedConnection link) = await ConnectAsync(cancellationToken);
        link.ServerToClient.Stall();

        await _proxy.DisposeAsync();

        Assert.That(link.Completion.IsCompleted, Is.True);
        Assert.That(await ReceiveErrorAsync(client, cancellationToken), Is.EqualTo(SocketError.ConnectionReset));
    }

    [Test]
    public async Task TargetNotListening_ClientReset(CancellationToken cancellationToken)
    {
        int port = ((IPEndPoint)_listener.LocalEndPoint!).Port;
        _listener.Dispose();
        await using var proxy = new FaultProxy($"tcp://127.0.0.1:{port}");
        using var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // The reset may come before the connect has been seen to complete, or after.
        var reset = Assert.CatchAsync<SocketException>(async () =>
        {
            await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, new Uri(proxy.Endpoint).Port), cancellationToken);
            await client.ReceiveAsync(new byte[1], SocketFlags.None, cancellationToken);
        });

        Assert.That(reset!.SocketErrorCode, Is.EqualTo(SocketError.ConnectionReset));
        Assert.That(proxy.Connections, Is.Empty);
    }

    private async Task<(Socket Client, Socket Server, ProxiedConnection Link)> ConnectAsync(CancellationToken cancellationToken)
    {
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sockets.Add(client);
        await client.ConnectAsync(new IPEndPoint(IPAddress.Loopback, new Uri(_proxy.Endpoint).Port), cancellationToken);
        Socket server = await _listener.AcceptAsync(cancellationToken);
        server.NoDelay = true;
        _sockets.Add(server);
        ProxiedConnection link = await _proxy.NextConnectionAsync(cancellationToken);
        Assert.That(link.ClientEndPoint, Is.EqualTo(client.LocalEndPoint));
        return (client, server, link);
    }

    // A non-blocking socket takes bytes until the kernel's buffers on both sides are full; bounded in case they never are.
    private static long FillUntilWouldBlock(Socket socket)
    {
        const long Bound = 256L * 1024 * 1024;
        byte[] chunk = Enumerable.Repeat((byte)0x5A, 64 * 1024).ToArray();
        socket.Blocking = false;
        long accepted = 0;
        while (accepted < Bound)
        {
            int sent = socket.Send(chunk, 0, chunk.Length, SocketFlags.None, out SocketError error);
            if (error == SocketError.WouldBlock)
                return accepted;
            Assert.That(error, Is.EqualTo(SocketError.Success));
            accepted += sent;
        }

        Assert.Fail($"{Bound} bytes went into a stalled connection: nothing pushed back.");
        return accepted;
    }

    private static Task<byte[]> ReceiveExactlyAsync(Socket socket, int count, CancellationToken cancellationToken) =>
        RawPeer.Wrap(socket).ReadExactlyAsync(count, cancellationToken);

    // Reads until the socket fails; end of stream is a failure of the test, since a reset was expected.
    private static async Task<SocketError> ReceiveErrorAsync(Socket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken) > 0)
            {
            }
        }
        catch (SocketException error)
        {
            return error.SocketErrorCode;
        }

        Assert.Fail("The socket read end of stream where a reset was expected.");
        return SocketError.Success;
    }

    private static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }
}
