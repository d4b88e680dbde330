using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// Exports belong to their owner: two servers in one process (or two clients, or two attached connections) that export
/// the same object each withdraw it only from their own connections. Serial access belongs to the object: it holds
/// across owners.
/// </summary>
[TestFixture]
[CancelAfter(15_000)]
public sealed class ExportScopeTests
{
    private readonly List<IAsyncDisposable> _owned = new();

    [TearDown]
    public async Task DisposeAsync()
    {
        // Clients first, then servers: the reverse of how they were made.
        for (int i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
        _owned.Clear();
    }

    [Test]
    public async Task Unregister_OnOneOfTwoServers_WithdrawsOnlyFromThatServersConnections(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        RompServer first = await StartServerAsync(s => s.Bind<ICalculator>("calc", calculator), cancellationToken);
        RompServer second = await StartServerAsync(s => s.Bind<ICalculator>("calc", calculator), cancellationToken);
        ICalculator viaFirst = await ResolveAsync<ICalculator>(first, "calc", cancellationToken);
        ICalculator viaSecond = await ResolveAsync<ICalculator>(second, "calc", cancellationToken);

        Assert.That(first.Unregister(calculator), Is.True);

        var withdrawn = Assert.CatchAsync<RompException>(async () => await viaFirst.AddAsync(1, 2, cancellationToken));
        Assert.That(withdrawn!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(await viaSecond.AddAsync(2, 3, cancellationToken), Is.EqualTo(5), "the other server still serves it");
        var unknown = Assert.CatchAsync<RompException>(async () => await ResolveAsync<ICalculator>(first, "calc", cancellationToken));
        Assert.That(unknown!.Error, Is.EqualTo(RompError.UnknownObject), "its name went with it, on the first server only");
        Assert.That(await (await ResolveAsync<ICalculator>(second, "calc", cancellationToken)).AddAsync(3, 4, cancellationToken), Is.EqualTo(7));
        Assert.That(first.Unregister(calculator), Is.False, "already withdrawn there");
        Assert.That(second.Unregister(calculator), Is.True);
    }

    [Test]
    public async Task Unbind_OnOneOfTwoServers_OtherServersClientsCarryOn(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        RompServer first = await StartServerAsync(s => s.Bind<ICalculator>("calc", calculator), cancellationToken);
        RompServer second = await StartServerAsync(s => s.Bind<ICalculator>("calc", calculator), cancellationToken);
        ICalculator viaFirst = await ResolveAsync<ICalculator>(first, "calc", cancellationToken);
        ICalculator viaSecond = await ResolveAsync<ICalculator>(second, "calc", cancellationToken);

        first.Unbind("calc");

        var withdrawn = Assert.CatchAsync<RompException>(async () => await viaFirst.AddAsync(1, 2, cancellationToken));
        Assert.That(withdrawn!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(await viaSecond.AddAsync(2, 3, cancellationToken), Is.EqualTo(5));
    }

    [Test]
    public async Task ClientUnregister_CallbackSharedByTwoClients_WithdrawnOnlyForThatClient(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync(s =>
        {
            s.Bind<IPublisher>("first", new Publisher());
            s.Bind<IPublisher>("second", new Publisher());
        }, cancellationToken);
        RompClient one = await ConnectAsync(server, cancellationToken);
        RompClient two = await ConnectAsync(server, cancellationToken);
        IPublisher first = await one.ResolveAsync<IPublisher>("first", cancellationToken);
        IPublisher second = await two.ResolveAsync<IPublisher>("second", cancellationToken);
        var listener = new RecordingListener();
        await first.SubscribeAsync(listener);
        await second.SubscribeAsync(listener);

        Assert.That(one.Unregister(listener), Is.True);

        var withdrawn = Assert.CatchAsync<RompException>(async () => await first.PublishAsync("via one"));
        Assert.That(withdrawn!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(await second.PublishAsync("via two"), Is.EqualTo(1), "the other client's export of the same listener still works");
        Assert.That(listener.Events, Is.EqualTo(new[] { "via two" }));
        Assert.That(one.Unregister(listener), Is.False);
        Assert.That(two.Unregister(listener), Is.True);
    }

    [Test]
    public async Task ConnectionUnregister_ObjectBoundOnTwoAttachedConnections_WithdrawnOnlyFromOne(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        (RompConnection firstOwner, RompConnection firstPeer) = await AttachPairAsync(cancellationToken);
        (RompConnection secondOwner, RompConnection secondPeer) = await AttachPairAsync(cancellationToken);
        firstOwner.Bind<ICalculator>("calc", calculator);
        secondOwner.Bind<ICalculator>("calc", calculator);
        ICalculator viaFirst = await firstPeer.ResolveAsync<ICalculator>("calc", cancellationToken);
        ICalculator viaSecond = await secondPeer.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(firstOwner.Unregister(calculator), Is.True);

        var withdrawn = Assert.CatchAsync<RompException>(async () => await viaFirst.AddAsync(1, 2, cancellationToken));
        Assert.That(withdrawn!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(await viaSecond.AddAsync(2, 3, cancellationToken), Is.EqualTo(5));
    }

    [Test]
    public async Task SerialObject_BoundOnTwoServers_RunsOneCallAtATimeAcrossBoth(CancellationToken cancellationToken)
    {
        var probe = new SerialProbe(new SerialProbeSignals());
        RompServer first = await StartServerAsync(s => s.Bind<ISerialProbe>("probe", probe), cancellationToken);
        RompServer second = await StartServerAsync(s =>
        {
            s.Bind<ISerialProbe>("probe", probe);
            s.Bind<ICalculator>("calc", new Calculator());
        }, cancellationToken);
        ISerialProbe viaFirst = await ResolveAsync<ISerialProbe>(first, "probe", cancellationToken);
        RompClient secondClient = await ConnectAsync(second, cancellationToken);
        ISerialProbe viaSecond = await secondClient.ResolveAsync<ISerialProbe>("probe", cancellationToken);
        ICalculator calcOnSecond = await secondClient.ResolveAsync<ICalculator>("calc", cancellationToken);

        Task<bool> hold = viaFirst.HoldAsync().AsTask();
        await probe.Signals.HoldStarted.Task.WaitAsync(cancellationToken);
        Task<bool> enter = viaSecond.EnterAsync().AsTask();
        // The second server reads frames in order and queues a serial call at its object's gate as it reads it: once a
        // call sent after the Enter is answered, the Enter is in line. Had it its own gate it would be running now,
        // and would have woken the Hold (which returns true then).
        Assert.That(await calcOnSecond.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
        Assert.That(probe.Signals.EnterStarted.Task.IsCompleted, Is.False, "the second server's call started while the first's was running");
        Assert.That(enter.IsCompleted, Is.False);

        probe.Signals.Release.SetResult();

        Assert.That(await hold.WaitAsync(cancellationToken), Is.False, "an Enter ran while the Hold was in progress");
        Assert.That(await enter.WaitAsync(cancellationToken), Is.False, "the Enter saw the Hold in progress");
    }

    [Test]
    public async Task SerialObjects_DistinctObjectsOnTwoServers_DoRunAtOnce(CancellationToken cancellationToken)
    {
        // The control for the test above: with two objects there are two gates, and the same probes catch the
        // overlap by themselves (the Hold is never released by the test, only woken by the Enter).
        var signals = new SerialProbeSignals();
        RompServer first = await StartServerAsync(s => s.Bind<ISerialProbe>("probe", new SerialProbe(signals)), cancellationToken);
        RompServer second = await StartServerAsync(s => s.Bind<ISerialProbe>("probe", new SerialProbe(signals)), cancellationToken);
        ISerialProbe viaFirst = await ResolveAsync<ISerialProbe>(first, "probe", cancellationToken);
        ISerialProbe viaSecond = await ResolveAsync<ISerialProbe>(second, "probe", cancellationToken);

        Task<bool> hold = viaFirst.HoldAsync().AsTask();
        await signals.HoldStarted.Task.WaitAsync(cancellationToken);
        bool enteredDuringHold = await viaSecond.EnterAsync();

        Assert.That(enteredDuringHold, Is.True);
        Assert.That(await hold.WaitAsync(cancellationToken), Is.True);
    }

    private async Task<RompServer> StartServerAsync(Action<RompServer> bind, CancellationToken cancellationToken)
    {
        var server = new RompServer(Transports.NewEndpoint(Transports.Inproc));
        _owned.Add(server);
        bind(server);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private async Task<RompClient> ConnectAsync(RompServer server, CancellationToken cancellationToken)
    {
        RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        _owned.Add(client);
        return client;
    }

    private async Task<T> ResolveAsync<T>(RompServer server, string name, CancellationToken cancellationToken) where T : class =>
        await (await ConnectAsync(server, cancellationToken)).ResolveAsync<T>(name, cancellationToken);

    private async Task<(RompConnection Owner, RompConnection Peer)> AttachPairAsync(CancellationToken cancellationToken)
    {
        var (ownerPipe, peerPipe) = DuplexPipes.CreatePair();
        Task<RompConnection> owner = RompConnection.AttachAsync(ownerPipe, cancellationToken: cancellationToken);
        Task<RompConnection> peer = RompConnection.AttachAsync(peerPipe, cancellationToken: cancellationToken);
        await Task.WhenAll(owner, peer);
        _owned.Add(owner.Result);
        _owned.Add(peer.Result);
        return (owner.Result, peer.Result);
    }
}
