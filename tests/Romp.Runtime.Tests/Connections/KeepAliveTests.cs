using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Connections;

/// <summary>
/// Keepalive over real sockets: PING after KeepAliveInterval of silence, death after KeepAliveTimeout more, never a PING
/// to a peer that did not announce it, and no verdict while a read loop is paused. Time is counted in PINGs a raw peer
/// receives (a "clock" connection), not slept.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class KeepAliveTests
{
    private const byte Ping = 15;
    private const byte Pong = 16;
    private const byte Sync = 8;
    private const byte NullMsg = 9;
    private const byte Goodbye = 12;
    private const ushort KeepAliveFlag = 0x0004;

    // Short intervals make the clock tick fast. The timeout is short where death is the point, and generous where
    // survival is: this machine is shared with other builds, and a second's stall of a thread is no dead peer.
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_deadTimeout = TimeSpan.FromMilliseconds(300);
    private static readonly TimeSpan s_slack = TimeSpan.FromSeconds(2);
    private const int ClockTicks = 20; // PINGs a clock peer counts: over KeepAliveInterval + KeepAliveTimeout in time

    [Test]
    public async Task IdleConnections_ShortKeepAlive_StayUpAcrossManyIntervals(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(Short(new RompServerOptions()), cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, Short(new RompClientOptions()), cancellationToken);
        await using RawPeer clock = await ConnectAnnouncingAsync(server.Endpoint, cancellationToken);

        var ticking = Stopwatch.StartNew();
        await AnswerPingsAsync(clock, ClockTicks, cancellationToken); // as many intervals of an idle client, at least
        ticking.Stop();

        Assert.That(ticking.Elapsed, Is.LessThan(ClockTicks * s_timeout / 2), "a PING follows the last answer by KeepAliveInterval, not KeepAliveTimeout");
        Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(2, 3), Is.EqualTo(5));
        Assert.That(client.Connection.CloseReason, Is.Null);
        Assert.That(server.Connections.Select(static c => c.CloseReason), Is.All.Null, "the clock's PONGs kept its connection up too");
    }

    [Test]
    public async Task PeerThatGoesSilent_AnnouncedKeepAlive_DetectedWithinIntervalPlusTimeout(CancellationToken cancellationToken)
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var options = new RompClientOptions { KeepAliveInterval = s_interval, KeepAliveTimeout = s_deadTimeout };
        Task<RompClient> connecting = RompClient.ConnectAsync($"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}", options, cancellationToken);
        await using RawPeer silent = RawPeer.Wrap(await listener.AcceptSocketAsync(cancellationToken));
        await silent.SendAsync(AnnouncingHello(), cancellationToken);
        var quiet = Stopwatch.StartNew(); // the hello is the last the client hears
        await silent.ReadExactlyAsync(12, cancellationToken);
        Task<byte[]> heard = silent.ReadToEndAsync(cancellationToken); // it reads, but answers nothing and keeps the socket open
        await using RompClient client = await connecting;

        RompException? error = Assert.CatchAsync<RompException>(async () => await client.ResolveAsync<ICalculator>("calc", cancellationToken));
        quiet.Stop();

        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), "the pending call fails with the connection");
        Assert.That(error.Message, Does.Contain("(KeepAliveInterval + KeepAliveTimeout)"));
        Assert.That(quiet.Elapsed, Is.LessThan(s_interval + s_deadTimeout + s_slack));
        Assert.That(client.Connection.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(RawPeer.ParseFrames(await heard).Select(static f => f.Type), Does.Contain(Ping), "the client asked before it gave up");
    }

    [Test]
    public async Task PeerWithoutKeepAliveFlag_IdleForManyIntervals_NeverSentPingAndNotTimedOut(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(Short(new RompServerOptions()), cancellationToken);
        await using RawPeer older = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);
        await using RawPeer clock = await ConnectAnnouncingAsync(server.Endpoint, cancellationToken);

        await AnswerPingsAsync(clock, ClockTicks, cancellationToken);

        Assert.That(await SyncAsync(older, 7, cancellationToken), Is.EqualTo((NullMsg, 7u)), "the first frame it gets is the answer, not a PING");
    }

    [Test]
    public async Task PingAndUnaskedPong_FromAnnouncingPeer_PongEchoesTheCallIdAndTheUnaskedOneIsIgnored(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(new RompServerOptions(), cancellationToken);
        await using RawPeer peer = await ConnectAnnouncingAsync(server.Endpoint, cancellationToken);

        await peer.SendAsync([.. RawPeer.Frame(Pong, 5, []), .. RawPeer.Frame(Ping, 0xCAFEF00D, [])], cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);

        Assert.That((type, callId, payload.Length), Is.EqualTo((Pong, 0xCAFEF00Du, 0)));
        Assert.That(await SyncAsync(peer, 6, cancellationToken), Is.EqualTo((NullMsg, 6u)), "the PONG nobody asked for did no harm");
    }

    [Test]
    public async Task Ping_FromPeerThatDidNotAnnounceKeepAlive_ClosedAsAProtocolViolation(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(new RompServerOptions(), cancellationToken);
        await using RawPeer older = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);

        await older.SendAsync(RawPeer.Frame(Ping, 1, []), cancellationToken);
        (byte type, _, byte[] payload) = await older.ReadFrameAsync(cancellationToken);

        Assert.That((type, payload[0]), Is.EqualTo((Goodbye, (byte)RompError.InvalidMessage)));
    }

    [Test]
    public async Task KeepAliveIntervalInfinite_IdlePeerThatAnnounced_NeverSentPingButStillAnswered(CancellationToken cancellationToken)
    {
        await using RompServer on = await StartServerAsync(Short(new RompServerOptions()), cancellationToken);
        await using RompServer off = await StartServerAsync(new RompServerOptions { KeepAliveInterval = Timeout.InfiniteTimeSpan }, cancellationToken);
        await using RawPeer idle = await ConnectAnnouncingAsync(off.Endpoint, cancellationToken);
        await using RawPeer clock = await ConnectAnnouncingAsync(on.Endpoint, cancellationToken);

        await AnswerPingsAsync(clock, ClockTicks, cancellationToken);

        Assert.That(await SyncAsync(idle, 9, cancellationToken), Is.EqualTo((NullMsg, 9u)), "the first frame it gets is the answer, not a PING");
        await idle.SendAsync(RawPeer.Frame(Ping, 3, []), cancellationToken);
        Assert.That(await ReadHeaderAsync(idle, cancellationToken), Is.EqualTo((Pong, 3u)), "answering does not depend on this side's own keepalive");
    }

    /// <summary>
    /// The server stops reading at MaxConcurrentCalls = 1 while its one call is held, for much longer than either side's
    /// KeepAliveInterval + KeepAliveTimeout. The client's PINGs and PONGs sit unread meanwhile, so the server must not
    /// judge it; and the client hears from the server only through the PINGs a paused reader sends as proof of life.
    /// </summary>
    [Test]
    public async Task PausedReader_CallHeldPastTheKeepAliveTimeout_NeitherSideDeclaresTheOtherDead(CancellationToken cancellationToken)
    {
        var hold = new Hold();
        await using RompServer server = await StartServerAsync(Short(new RompServerOptions { MaxConcurrentCalls = 1 }), cancellationToken);
        server.Bind<IHold>("hold", hold);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, Short(new RompClientOptions()), cancellationToken);
        IHold remote = await client.ResolveAsync<IHold>("hold", cancellationToken);
        await using RawPeer clock = await ConnectAnnouncingAsync(server.Endpoint, cancellationToken);
        try
        {
            remote.HoldLane(0);
            await hold.Reached[0].Task.WaitAsync(cancellationToken);
            Task<int> behind = remote.Ping().AsTask(); // the server's read loop pauses in front of it

            await AnswerPingsAsync(clock, ClockTicks, cancellationToken); // longer than KeepAliveInterval + KeepAliveTimeout
            hold.OpenAll();

            Assert.That(await behind.WaitAsync(cancellationToken), Is.EqualTo(1));
            Assert.That(await remote.Ping(), Is.EqualTo(1));
            Assert.That(client.Connection.CloseReason, Is.Null);
            Assert.That(server.Connections.Select(static c => c.CloseReason), Is.All.Null);
        }
        finally
        {
            hold.OpenAll();
        }
    }

    /// <summary>A hello that announces KeepAlive (0x0004), as a current peer's does.</summary>
    private static byte[] AnnouncingHello()
    {
        byte[] hello = RawPeer.Hello();
        BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(6), KeepAliveFlag);
        return hello;
    }

    /// <summary>Connects with <see cref="AnnouncingHello"/>; the server's hello must announce KeepAlive too, whatever its settings.</summary>
    internal static async Task<RawPeer> ConnectAnnouncingAsync(string endpoint, CancellationToken cancellationToken)
    {
        RawPeer peer = await RawPeer.ConnectAsync(endpoint, cancellationToken);
        await peer.SendAsync(AnnouncingHello(), cancellationToken);
        byte[] hello = await peer.ReadExactlyAsync(12, cancellationToken);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(hello.AsSpan(6)) & KeepAliveFlag, Is.EqualTo(KeepAliveFlag), "our side always answers PING");
        return peer;
    }

    /// <summary>Answers each PING with its PONG until <paramref name="count"/> have come: the clock of these tests. An idle connection carries nothing else.</summary>
    private static async Task AnswerPingsAsync(RawPeer peer, int count, CancellationToken cancellationToken)
    {
        for (int pings = 0; pings < count; pings++)
        {
            (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
            Assert.That((type, payload.Length), Is.EqualTo((Ping, 0)), "an idle connection carries only empty PINGs");
            await peer.SendAsync(RawPeer.Frame(Pong, callId, []), cancellationToken);
        }
    }

    private static async Task<(byte Type, uint CallId)> SyncAsync(RawPeer peer, uint callId, CancellationToken cancellationToken)
    {
        await peer.SendAsync(RawPeer.Frame(Sync, callId, []), cancellationToken);
        return await ReadHeaderAsync(peer, cancellationToken);
    }

    private static async Task<(byte Type, uint CallId)> ReadHeaderAsync(RawPeer peer, CancellationToken cancellationToken)
    {
        (byte type, uint callId, _) = await peer.ReadFrameAsync(cancellationToken);
        return (type, callId);
    }

    private static async Task<RompServer> StartServerAsync(RompServerOptions options, CancellationToken cancellationToken)
    {
        var server = new RompServer("tcp://127.0.0.1:0", options);
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        return server;
    }

    private static T Short<T>(T options) where T : RompConnectionOptions
    {
        options.KeepAliveInterval = s_interval;
        options.KeepAliveTimeout = s_timeout;
        return options;
    }
}
