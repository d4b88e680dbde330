using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Hosting;

/// <summary>
/// A server that stops gracefully says so first (DRAIN), so that a reconnecting client sends it no new calls while the
/// ones in flight finish; a peer that did not announce DRAIN in its hello only ever sees the GOODBYE.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class DrainTests
{
    private const byte Drain = 17, Goodbye = 12, NullMsg = 9;

    // ICalculator's method ids, as the generator numbers them (protocol.md §4.3): declaration order from 1.
    private static readonly ushort SlowMethodId = RawPeer.MethodId<ICalculator>("SlowAsync"), TickMethodId = RawPeer.MethodId<ICalculator>("Tick");

    [Test]
    public async Task GracefulStop_CallInFlightFinishes_NewCallWaitsForTheNextServer(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<ICalculator>("calc", calculator);
        await server.StartAsync(cancellationToken);
        string endpoint = server.Endpoint;
        var options = new RompClientOptions { Reconnect = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200)) };
        await using RompClient client = await RompClient.ConnectAsync(endpoint, options, cancellationToken);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();
        await calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);
        Task<RompStateChangedEventArgs> reconnecting = states.Next(RompConnectionState.Reconnecting);

        Task stopping = server.StopAsync(cancellationToken);
        RompStateChangedEventArgs told = await reconnecting;
        Task<int> during = calc.AddAsync(2, 2, cancellationToken).AsTask();
        calculator.ReleaseSlowCalls();
        await stopping;

        Assert.That(told.Reason!.Error, Is.EqualTo(RompError.ListenerKilled));
        Assert.That(told.Reason.Message, Does.Contain("stopping"));
        Assert.That(await slow, Is.EqualTo(42), "the call in flight finished on the draining connection");
        Assert.That(during.IsCompleted, Is.False, "a call made after DRAIN is not sent to the server going away");

        await using var next = new RompServer(endpoint);
        next.Bind<ICalculator>("calc", new Calculator());
        await next.StartAsync(cancellationToken);
        Assert.That(await during, Is.EqualTo(4));
    }

    [Test]
    public async Task GracefulStop_PeerThatAnnouncedDrain_GetsDrainThenGoodbye(CancellationToken cancellationToken)
    {
        List<byte> types = await StopWithRawPeerAsync(flags: 0x10, cancellationToken);

        Assert.That(types, Is.EqualTo(new[] { Drain, Goodbye }));
    }

    [Test]
    public async Task GracefulStop_PeerWithoutTheDrainFlag_GetsOnlyGoodbye(CancellationToken cancellationToken)
    {
        List<byte> types = await StopWithRawPeerAsync(flags: 0, cancellationToken);

        Assert.That(types, Is.EqualTo(new[] { Goodbye }));
    }

    [Test]
    public async Task DrainReceived_ClientWithoutPolicy_KeepsItsConnectionUntilTheGoodbye(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<ICalculator>("calc", calculator);
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();
        await calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        Task stopping = server.StopAsync(cancellationToken);
        await client.Connection.PeerDrainingNotice.WaitAsync(cancellationToken);
        Assert.That(client.State, Is.EqualTo(RompConnectionState.Connected), "nothing to reconnect with: the connection serves its calls to the end");
        calculator.ReleaseSlowCalls();

        Assert.That(await slow, Is.EqualTo(42));
        await stopping;
        await client.Completion.WaitAsync(cancellationToken);
        Assert.That(client.CloseReason!.Error, Is.EqualTo(RompError.ListenerKilled));
    }

    [Test]
    public async Task OnewayRefusedWhileDraining_LaterSyncIsNeverAnswered_TheGoodbyeEndsIt(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<ICalculator>("calc", calculator);
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken, flags: 0x10);
        uint calc = await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
        await peer.SendAsync(RawPeer.Frame(1, 7, RawPeer.Call(calc, SlowMethodId, [])), cancellationToken);
        await calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        Task stopping = server.StopAsync(cancellationToken);
        Assert.That((await peer.ReadFrameAsync(cancellationToken)).Type, Is.EqualTo(Drain));
        await peer.SendAsync([.. RawPeer.Frame(3, 0, RawPeer.Call(calc, TickMethodId, [1, 0, 0, 0])), .. RawPeer.Frame(8, 8, [])], cancellationToken);
        calculator.ReleaseSlowCalls();
        await stopping;

        List<byte> types = RawPeer.ParseFrames(await peer.ReadToEndAsync(cancellationToken)).Select(static f => f.Type).Where(static t => t is not (15 or 16)).ToList();
        Assert.That(types, Is.EqualTo(new byte[] { 5, Goodbye }), "the slow call's RETVAL, then GOODBYE: no NULL_MSG for the SYNC behind the dropped one-way");
        Assert.That(await calculator.TickCountAsync(), Is.Zero);
    }

    // A raw peer with the given hello flags holds a SYNC-free connection while the server stops; the frame types it got.
    private static async Task<List<byte>> StopWithRawPeerAsync(ushort flags, CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken, flags);
        // A SYNC answered proves the server has admitted the connection before it stops.
        await peer.SendAsync(RawPeer.Frame(8, 1, []), cancellationToken);
        Assert.That((await peer.ReadFrameAsync(cancellationToken)).Type, Is.EqualTo(NullMsg));

        await server.StopAsync(cancellationToken);

        var types = new List<byte>();
        List<(byte Type, uint CallId, byte[] Payload)> frames = RawPeer.ParseFrames(await peer.ReadToEndAsync(cancellationToken));
        foreach ((byte type, _, _) in frames)
        {
            if (type is not (15 or 16)) // keepalive's, on its own schedule
                types.Add(type);
        }

        return types;
    }
}
