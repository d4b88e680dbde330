using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// The deadline on the wire, against hand-made peers on real sockets: which peers get a call header, what its bytes
/// are, that a server enforces it with no CANCEL, and that a malformed one closes only its connection.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class DeadlineWireTests() : ServerFixture(Transports.Tcp)
{
    private const byte Request = 1, RetVal = 5, Exception = 6, Cancel = 10, Goodbye = 12;
    private const byte CallHeadersFlag = 0x08;
    private static readonly ushort WaitMethod = RawPeer.MethodId<IWaiter>("WaitAsync");

    private Waiter _waiter = null!;

    [SetUp]
    public void BindWaiter()
    {
        _waiter = new Waiter();
        Server.Bind<IWaiter>("waiter", _waiter);
    }

    [Test]
    public async Task RawCallerWithDeadline_NeverCancels_ServerTokenFiresAndAnswersTimeout(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
        byte[] serverHello = await HandshakeAsync(peer, CallHeadersFlag, cancellationToken);
        Assert.That(serverHello[6] & CallHeadersFlag, Is.EqualTo(CallHeadersFlag), "a Romp server says it understands call headers");
        uint waiter = await peer.ResolveAsync("waiter", RompContracts.Find<IWaiter>()!.ContractName, cancellationToken);
        var elapsed = Stopwatch.StartNew();

        await peer.SendAsync(RawPeer.Frame(Request, 2, CallWithHeader(waiter, WaitMethod, DeadlineEntry(100))), cancellationToken);

        await _waiter.Cancelled.Task.WaitAsync(cancellationToken);
        Assert.That(elapsed.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(90)));
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, payload[0]), Is.EqualTo((Exception, 2u, (byte)RompError.Timeout)));
    }

    [Test]
    public async Task RawCallerWithUnknownHeaderTag_DeadlineStillApplies(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
        await HandshakeAsync(peer, CallHeadersFlag, cancellationToken);
        uint waiter = await peer.ResolveAsync("waiter", RompContracts.Find<IWaiter>()!.ContractName, cancellationToken);

        // Tag 9 (three bytes) is unknown: it is skipped, and the deadline after it is read.
        byte[] header = [0x09, 0x03, 0xAA, 0xBB, 0xCC, .. DeadlineEntry(50)];
        await peer.SendAsync(RawPeer.Frame(Request, 2, CallWithHeader(waiter, WaitMethod, header)), cancellationToken);

        await _waiter.Cancelled.Task.WaitAsync(cancellationToken);
        (byte type, uint callId, byte[] payload) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId, payload[0]), Is.EqualTo((Exception, 2u, (byte)RompError.Timeout)));
    }

    [TestCase(new byte[] { 0x07, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00 }, TestName = "MalformedHeader_LengthOverrunsPayload_ClosesOnlyThatConnection")]
    [TestCase(new byte[] { 0x04, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00 }, TestName = "MalformedHeader_EntryOverrunsHeader_ClosesOnlyThatConnection")]
    [TestCase(new byte[] { 0x04, 0x00, 0x01, 0x02, 0x64, 0x00 }, TestName = "MalformedHeader_DeadlineOfTwoBytes_ClosesOnlyThatConnection")]
    [TestCase(new byte[] { 0x06 }, TestName = "MalformedHeader_LengthCutOff_ClosesOnlyThatConnection")]
    public async Task MalformedHeader_ClosesOnlyThatConnection(byte[] afterMethodId, CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectAsync(Server.Endpoint, cancellationToken);
        await HandshakeAsync(peer, CallHeadersFlag, cancellationToken);
        uint waiter = await peer.ResolveAsync("waiter", RompContracts.Find<IWaiter>()!.ContractName, cancellationToken);
        byte[] payload = [.. BitConverter.GetBytes(waiter), .. BitConverter.GetBytes((ushort)(WaitMethod | 0x8000)), .. afterMethodId];

        await peer.SendAsync(RawPeer.Frame(Request, 2, payload), cancellationToken);

        List<(byte Type, uint CallId, byte[] Payload)> frames = RawPeer.ParseFrames(await peer.ReadToEndAsync(cancellationToken));
        Assert.That(frames, Has.Count.EqualTo(1));
        Assert.That((frames[0].Type, frames[0].Payload[0]), Is.EqualTo((Goodbye, (byte)RompError.InvalidMessage)));
        Assert.That(_waiter.Started.Task.IsCompleted, Is.False);
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(await calc.AddAsync(2, 3, cancellationToken), Is.EqualTo(5), "the other connections are served on");
    }

    [Test]
    public async Task PeerWithCallHeaders_CallWithDeadline_CarriesTheHeaderAndCallWithoutOneDoesNot(CancellationToken cancellationToken)
    {
        using var listener = Listen(out string endpoint);
        Task<byte[][]> fakeServer = Task.Run(async () =>
        {
            await using RawPeer server = await AcceptHandshakenAsync(listener, CallHeadersFlag, cancellationToken);
            await AnswerResolveAsync(server, cancellationToken);
            var payloads = new byte[2][];
            for (int i = 0; i < 2; i++)
            {
                (_, uint callId, byte[] payload) = await server.ReadFrameAsync(cancellationToken);
                payloads[i] = payload;
                await server.SendAsync(RawPeer.Frame(RetVal, callId, []), cancellationToken);
            }

            return payloads;
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        IWaiter waiter = await client.ResolveAsync<IWaiter>("waiter", cancellationToken);

        await waiter.WaitAsync(CancellationToken.None);
        using (RompDeadline.Within(TimeSpan.FromSeconds(10)))
            await waiter.WaitAsync(CancellationToken.None);

        byte[][] sent = await fakeServer;
        Assert.That(sent[0], Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes(WaitMethod)]), "no deadline: no header, and the method id as it is");
        Assert.That(sent[1][..10], Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes((ushort)(WaitMethod | 0x8000)), 0x06, 0x00, 0x01, 0x04]), "object, WaitAsync with the top bit, a 6-byte header: tag 1, 4 bytes");
        Assert.That(sent[1], Has.Length.EqualTo(14));
        Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(sent[1].AsSpan(10)), Is.InRange(5_000u, 10_000u), "the milliseconds left when it was sent");
    }

    [Test]
    public async Task PeerWithoutCallHeaders_CallWithDeadline_GetsNoHeaderAndTheCallerStillTimesOut(CancellationToken cancellationToken)
    {
        using var listener = Listen(out string endpoint);
        Task<(byte[] Call, byte CancelType, uint CancelId, uint CallId)> olderServer = Task.Run(async () =>
        {
            await using RawPeer server = await AcceptHandshakenAsync(listener, 0, cancellationToken);
            await AnswerResolveAsync(server, cancellationToken);
            (_, uint callId, byte[] payload) = await server.ReadFrameAsync(cancellationToken);
            // Never answered: the caller's own timer must end the call, and its CANCEL follows.
            (byte type, uint cancelled, _) = await server.ReadFrameAsync(cancellationToken);
            return (payload, type, cancelled, callId);
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        IWaiter waiter = await client.ResolveAsync<IWaiter>("waiter", cancellationToken);

        ValueTask call;
        using (RompDeadline.Within(TimeSpan.FromMilliseconds(200)))
            call = waiter.WaitAsync(CancellationToken.None);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await call);
        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        (byte[] sent, byte cancelType, uint cancelId, uint callId) = await olderServer;
        Assert.That(sent, Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes(WaitMethod)]));
        Assert.That((cancelType, cancelId), Is.EqualTo((Cancel, callId)));
    }

    private static byte[] DeadlineEntry(uint milliseconds) => [0x01, 0x04, .. BitConverter.GetBytes(milliseconds)];

    /// <summary>A call payload with a header: object id, method id with the top bit set, the header's length, its entries.</summary>
    private static byte[] CallWithHeader(uint objectId, ushort methodId, byte[] entries) =>
        [.. BitConverter.GetBytes(objectId), .. BitConverter.GetBytes((ushort)(methodId | 0x8000)), .. BitConverter.GetBytes((ushort)entries.Length), .. entries];

    // Sends a hello with these flags and returns the server's.
    private static async Task<byte[]> HandshakeAsync(RawPeer peer, byte flags, CancellationToken cancellationToken)
    {
        await peer.SendAsync(Hello(flags), cancellationToken);
        return await peer.ReadExactlyAsync(12, cancellationToken);
    }

    private static byte[] Hello(byte flags)
    {
        byte[] hello = RawPeer.Hello();
        hello[6] = flags;
        return hello;
    }

    private static Socket Listen(out string endpoint)
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        return listener;
    }

    private static async Task<RawPeer> AcceptHandshakenAsync(Socket listener, byte flags, CancellationToken cancellationToken)
    {
        RawPeer server = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
        await server.SendAsync(Hello(flags), cancellationToken);
        await server.ReadExactlyAsync(12, cancellationToken);
        return server;
    }

    // The client's resolve, answered with object id 1.
    private static async Task AnswerResolveAsync(RawPeer server, CancellationToken cancellationToken)
    {
        (_, uint resolveId, _) = await server.ReadFrameAsync(cancellationToken);
        await server.SendAsync(RawPeer.Frame(RetVal, resolveId, [1, 0, 0, 0, 0, 0]), cancellationToken); // object 1, no methods lacking
    }
}
