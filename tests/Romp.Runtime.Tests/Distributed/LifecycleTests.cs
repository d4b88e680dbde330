using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// Distributed release: what a connection held is given back when proxies go, when the client vanishes, and nothing
/// stays behind after many objects.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Inproc)]
[CancelAfter(120_000)]
public sealed class LifecycleTests(string transport) : ServerFixture(transport)
{
    private const int FactoryObjects = 100_000;
    private const int Workers = 8;

    [Test]
    public async Task HundredThousandObjects_CreatedCalledReleased_TablesAndObjectsBackToBaseline(CancellationToken cancellationToken)
    {
        var factory = new CounterFactory { KeepCreated = false, Tracked = new() };
        Server.Bind<ICounterFactory>("factory", factory);
        ICounterFactory remote = await Client.ResolveAsync<ICounterFactory>("factory");
        int serverBaseline = ServerExports();
        int clientBaseline = Client.Connection.Imports.Count;

        await Task.WhenAll(Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (int i = w; i < FactoryObjects; i += Workers)
            {
                cancellationToken.ThrowIfCancellationRequested();
                ICounter counter = await remote.CreateAsync("n");
                Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
                ((IDisposable)counter).Dispose();
            }
        }, cancellationToken)));
        await Client.SyncAsync(cancellationToken);
        ReferenceTests.FullCollect();

        Assert.That(factory.CreatedCount, Is.EqualTo(FactoryObjects));
        Assert.That(ServerExports(), Is.EqualTo(serverBaseline));
        Assert.That(Client.Connection.Imports.Count, Is.EqualTo(clientBaseline));
        Assert.That(factory.Tracked.Count(static w => w.IsAlive), Is.Zero, "every created counter must be collectable");
    }

    [Test]
    public async Task ClientKilledMidCall_ItsReferencesReleased_ServerCarriesOn(CancellationToken cancellationToken)
    {
        var factory = new CounterFactory { KeepCreated = false, Tracked = new() };
        var waiter = new Waiter();
        Server.Bind<ICounterFactory>("factory", factory);
        Server.Bind<IWaiter>("waiter", waiter);
        var closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, e) => closed.TrySetResult(e);

        RompClient doomed = await ConnectAsync();
        ICounterFactory remote = await doomed.ResolveAsync<ICounterFactory>("factory");
        var held = new List<ICounter>();
        for (int i = 0; i < 10; i++)
            held.Add(await remote.CreateAsync($"held{i}"));
        IWaiter doomedWaiter = await doomed.ResolveAsync<IWaiter>("waiter");
        Task pending = doomedWaiter.WaitAsync(CancellationToken.None).AsTask();
        await waiter.Started.Task.WaitAsync(cancellationToken);

        doomed.Connection.Abort(new RompException(RompError.ConnectionBroken, "killed by the test"));
        RompConnectionClosedEventArgs args = await closed.Task.WaitAsync(cancellationToken);
        await waiter.Cancelled.Task.WaitAsync(cancellationToken);
        ReferenceTests.FullCollect();

        Assert.That(args.Error, Is.Not.Null);
        Assert.That(Server.ConnectionCount, Is.EqualTo(1));
        Assert.That(factory.Tracked.Count(static w => w.IsAlive), Is.Zero, "the dead client's counters must be collectable");
        Assert.CatchAsync<RompException>(async () => await pending);
        Assert.CatchAsync<RompException>(async () => await held[0].IncrementAsync());
        ICounterFactory survivor = await Client.ResolveAsync<ICounterFactory>("factory");
        Assert.That(await (await survivor.CreateAsync("after")).IncrementAsync(), Is.EqualTo(1));
        GC.KeepAlive(held);
    }

    [Test]
    public async Task ServerKeepsCallbackProxy_ClientCloses_ServerCallFailsFast(CancellationToken cancellationToken)
    {
        var publisher = new Publisher();
        Server.Bind<IPublisher>("publisher", publisher);
        RompClient subscriber = await ConnectAsync();
        await (await subscriber.ResolveAsync<IPublisher>("publisher")).SubscribeAsync(new RecordingListener());
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, _) => closed.TrySetResult();

        await subscriber.DisposeAsync();
        await closed.Task.WaitAsync(cancellationToken);

        var error = Assert.CatchAsync<RompException>(async () => await publisher.PublishAsync("nobody"));
        Assert.That(error!.Error, Is.EqualTo(RompError.ClosedConnection));
    }

    [Test]
    public async Task ReleaseWaitsOnlyForCallsReceivedBeforeIt(CancellationToken cancellationToken)
    {
        var hold = new Hold();
        Server.Bind<IHold>("hold", hold);
        Server.Bind<ICounterFactory>("factory", new CounterFactory { KeepCreated = false });
        IHold remoteHold = await Client.ResolveAsync<IHold>("hold");
        ICounterFactory factory = await Client.ResolveAsync<ICounterFactory>("factory");
        int baseline = ServerExports();
        var counters = new List<ICounter>();
        for (int i = 0; i < 50; i++)
            counters.Add(await factory.CreateAsync($"c{i}"));

        remoteHold.HoldLane(0);
        await hold.Reached[0].Task.WaitAsync(cancellationToken);
        remoteHold.HoldLane(1); // received before the releases, arguments unread: it may name a released object
        foreach (ICounter counter in counters)
            ((IDisposable)counter).Dispose();
        _ = Client.SyncAsync(CancellationToken.None); // writes the releases now; it completes only when the lane drains
        remoteHold.HoldLane(2); // received after the releases: it must not hold them back
        await remoteHold.Ping(); // answered after the server read everything above
        int whileFirstWaits = ServerExports();

        hold.Gate[0].SetResult(); // HoldLane(1) reads its arguments and holds the lane; HoldLane(2) stays unread
        await hold.Reached[1].Task.WaitAsync(cancellationToken);
        int afterFirstRead = ServerExports();
        hold.OpenAll();
        await Client.SyncAsync(cancellationToken);

        Assert.That(whileFirstWaits, Is.EqualTo(baseline + counters.Count), "a call received before the releases has not read its arguments");
        Assert.That(afterFirstRead, Is.EqualTo(baseline));
    }

    [Test]
    public async Task ObjectReleasedTwice_EarlierRemovalDoesNotDropItUnderALaterCall(CancellationToken cancellationToken)
    {
        var hold = new Hold();
        Server.Bind<IHold>("hold", hold);
        IHold remote = await Client.ResolveAsync<IHold>("hold");
        ICounter first = await remote.GetCounterAsync();
        remote.HoldLane(0);
        await hold.Reached[0].Task.WaitAsync(cancellationToken);
        remote.HoldLane(1); // unread: the first release waits for it
        ((IDisposable)first).Dispose();
        _ = Client.SyncAsync(CancellationToken.None);
        ICounter second = await remote.GetCounterAsync(); // the same entry, referenced again
        remote.Take(second); // names the counter as the server's own, unread behind the held lane
        ((IDisposable)second).Dispose();
        _ = Client.SyncAsync(CancellationToken.None);
        await remote.Ping();

        hold.OpenAll(); // HoldLane(1) reads its arguments first: the first removal must not drop what Take still names
        // Under the bug Take fails to read its argument (UnknownObject) and never runs: a bounded wait, not a sleep.
        ICounter taken = await hold.Taken.Task.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);

        Assert.That(taken, Is.SameAs(hold.Counter));
    }

    private int ServerExports() => Server.Connections.Sum(static c => c.Exports.Count);
}
