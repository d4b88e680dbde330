using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// [RompObject] values travel by reference in every position, keep their identity, and come home as the original object.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class ReferenceTests(string transport) : ServerFixture(transport)
{
    private CounterFactory _factory = null!;
    private ICounterFactory _remote = null!;

    [SetUp]
    public async Task BindFactoryAsync()
    {
        _factory = new CounterFactory();
        Server.Bind<ICounterFactory>("factory", _factory);
        _remote = await Client.ResolveAsync<ICounterFactory>("factory");
    }

    [Test]
    public async Task CreateAsync_ReturnsProxy_CallsRunOnTheServerObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("hits");

        Assert.That(RompProxy.IsProxy(counter), Is.True);
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(2));
        Assert.That(counter.Name, Is.EqualTo("hits"));
    }

    [Test]
    public void Create_SynchronousShape_ReturnsWorkingProxy()
    {
        ICounter counter = _remote.Create("sync");

        Assert.That(counter.Name, Is.EqualTo("sync"));
        Assert.That(counter.IncrementAsync().AsTask().Result, Is.EqualTo(1));
    }

    [Test]
    public async Task SameObjectReceivedTwice_SameProxyInstance(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("one");

        ICounter? echoed = await _remote.EchoAsync(counter);
        ICounterFactory again = await Client.ResolveAsync<ICounterFactory>("factory");

        Assert.That(echoed, Is.SameAs(counter));
        Assert.That(again, Is.SameAs(_remote));
    }

    [Test]
    public async Task ProxySentBackToOwner_OwnerGetsOriginalObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("home");

        Assert.That(await _remote.IsOwnAsync(counter), Is.True);
    }

    [Test]
    public async Task ObjectComingHomeAsABaseOfItsInterface_OwnerGetsOriginalObject(CancellationToken cancellationToken)
    {
        var kennel = new Kennel();
        Server.Bind<IKennel>("kennel", kennel);
        IKennel remote = await Client.ResolveAsync<IKennel>("kennel");

        IDog dog = await remote.GetDogAsync();

        Assert.That(await dog.BarkAsync(), Is.EqualTo("woof"));
        Assert.That(await remote.IsOwnAsync(dog), Is.True);
    }

    [Test]
    public async Task LocalObjectSentAndEchoed_ComesBackAsTheSameLocalObject(CancellationToken cancellationToken)
    {
        var local = new Counter("mine");

        ICounter? echoed = await _remote.EchoAsync(local);

        Assert.That(echoed, Is.SameAs(local));
        Assert.That(RompProxy.IsProxy(local), Is.False);
    }

    [Test]
    public async Task LocalObjectPassedToServer_ServerCallsItBack(CancellationToken cancellationToken)
    {
        var local = new Counter("client-side");

        int total = await _remote.IncrementAllAsync([local, local, local]);

        Assert.That(total, Is.EqualTo(1 + 2 + 3));
        Assert.That(local.Value, Is.EqualTo(3));
    }

    [Test]
    public async Task NullReference_TravelsAsNull(CancellationToken cancellationToken)
    {
        Assert.That(await _remote.EchoAsync(null), Is.Null);
    }

    [Test]
    public async Task ReferencesInAList_EachArrivesAsItsOwnObject(CancellationToken cancellationToken)
    {
        ICounter a = await _remote.CreateAsync("a");
        ICounter b = await _remote.CreateAsync("b");
        var local = new Counter("local");

        int total = await _remote.IncrementAllAsync([a, b, local, a]);

        Assert.That(total, Is.EqualTo(1 + 1 + 1 + 2));
        Assert.That(local.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task StreamOfReferences_YieldsWorkingProxies(CancellationToken cancellationToken)
    {
        var names = new List<string>();
        await foreach (ICounter counter in _remote.CreateManyAsync(5).WithCancellation(cancellationToken))
        {
            Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
            names.Add(counter.Name);
        }

        Assert.That(names, Is.EqualTo(new[] { "item0", "item1", "item2", "item3", "item4" }));
    }

    [Test]
    public async Task StreamFromAProxyNobodyHolds_ProxyStaysAliveForTheStream(CancellationToken cancellationToken)
    {
        Server.Bind<ICounterFactory>("unheld", new CounterFactory());
        IAsyncEnumerable<ICounter> items = await StreamFromFreshProxyAsync();
        await Client.SyncAsync(cancellationToken);
        FullCollect();
        await Client.SyncAsync(cancellationToken);

        var names = new List<string>();
        await foreach (ICounter counter in items.WithCancellation(cancellationToken))
            names.Add(counter.Name);

        Assert.That(names, Has.Count.EqualTo(3));
    }

    [Test]
    public async Task CancelledResolves_LeaveNoReferenceBehind(CancellationToken cancellationToken)
    {
        await using RompClient other = await ConnectAsync();
        int before = ServerExports();

        // Whether an answer is late depends on timing; every attempt must leave nothing behind either way.
        for (int attempt = 0; attempt < 100; attempt++)
        {
            using var cancel = new CancellationTokenSource();
            Task<ICounterFactory> resolve = other.ResolveAsync<ICounterFactory>("factory", cancel.Token);
            cancel.Cancel();
            try
            {
                ((IDisposable)await resolve).Dispose();
            }
            catch (OperationCanceledException)
            {
            }
        }

        await other.SyncAsync(cancellationToken);
        FullCollect();
        await other.SyncAsync(cancellationToken);

        Assert.That(ServerExports(), Is.EqualTo(before));
    }

    [Test]
    public async Task ReferenceInsideSerializable_TravelsByReferenceBothWays(CancellationToken cancellationToken)
    {
        var local = new Counter("boxed");

        CounterBox box = await _remote.BoxAsync("label", local);
        string unboxed = await _remote.UnboxAsync(new CounterBox { Label = "x", Counter = local });

        Assert.That(box.Label, Is.EqualTo("label"));
        Assert.That(box.Counter, Is.SameAs(local));
        Assert.That(unboxed, Is.EqualTo("x:boxed:1"));
        Assert.That(local.Value, Is.EqualTo(1));
    }

    [Test]
    public async Task DisposedProxy_CallsFailWithDroppedObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("gone");
        await counter.IncrementAsync();

        ((IDisposable)counter).Dispose();

        var error = Assert.ThrowsAsync<RompException>(async () => await counter.IncrementAsync());
        Assert.That(error!.Error, Is.EqualTo(RompError.DroppedObject));
        Assert.That(RompProxy.IsReleased(counter), Is.True);
        Assert.That(RompProxy.IsConnected(counter), Is.False);
    }

    [Test]
    public async Task ReleasedThenReceivedAgain_NewWorkingProxy(CancellationToken cancellationToken)
    {
        ICounter counter = _remote.Create("again");
        ICounter? echoed = await _remote.EchoAsync(counter);
        RompProxy.Release(counter);

        Assert.That(echoed, Is.SameAs(counter));
        Assert.That(await _remote.IsOwnAsync(await _remote.CreateAsync("fresh")), Is.True);
        var error = Assert.ThrowsAsync<RompException>(async () => await _remote.EchoAsync(counter));
        Assert.That(error!.Error, Is.EqualTo(RompError.DroppedObject));
    }

    [Test]
    public async Task ExplicitRelease_ServerTableBackToBaseline(CancellationToken cancellationToken)
    {
        int baseline = ServerExports();
        var counters = new List<ICounter>();
        for (int i = 0; i < 20; i++)
            counters.Add(await _remote.CreateAsync($"c{i}"));
        Assert.That(ServerExports(), Is.EqualTo(baseline + 20));

        foreach (ICounter counter in counters)
            await ((IAsyncDisposable)counter).DisposeAsync();
        await Client.SyncAsync(cancellationToken);

        Assert.That(ServerExports(), Is.EqualTo(baseline));
    }

    [Test]
    public async Task CollectedProxies_ReleasedWithoutDispose(CancellationToken cancellationToken)
    {
        int baseline = ServerExports();
        List<WeakReference> weak = await CreateAndDropAsync(50);
        Assert.That(ServerExports(), Is.EqualTo(baseline + 50));
        // This code may run on the stack of the last reply's completion, where a debug build keeps the last proxy in a
        // temporary: a round trip moves it onto a fresh stack.
        await Client.SyncAsync(cancellationToken);

        FullCollect();
        Assert.That(Enumerable.Range(0, 50).Where(i => weak[i].IsAlive), Is.Empty);
        await Client.SyncAsync(cancellationToken);

        Assert.That(ServerExports(), Is.EqualTo(baseline));
    }

    [Test]
    public async Task CancelledCallAnsweredLateWithReference_ReferenceStillReleased(CancellationToken cancellationToken)
    {
        int baseline = ServerExports();
        using var cancel = new CancellationTokenSource();
        Task<ICounter> call = _remote.CreateWhenOpenAsync("late", cancel.Token).AsTask();
        await _factory.GateReached.Task.WaitAsync(cancellationToken);

        cancel.Cancel();
        Assert.CatchAsync<OperationCanceledException>(async () => await call);
        _factory.Gate.SetResult();
        // SYNC waits for the cancelled call to answer, and its answer is read before the SYNC's.
        await Client.SyncAsync(cancellationToken);
        FullCollect();
        await Client.SyncAsync(cancellationToken);

        Assert.That(_factory.CreatedCount, Is.EqualTo(1));
        Assert.That(ServerExports(), Is.EqualTo(baseline));
    }

    [Test]
    public async Task UnregisteredObject_CallsFailWithObjectWithdrawn(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("withdrawn");
        await counter.IncrementAsync();

        Server.Unregister(_factory.LastCreated!);

        var error = Assert.ThrowsAsync<RompException>(async () => await counter.IncrementAsync());
        Assert.That(error!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(await _remote.CreateAsync("still serving"), Is.Not.Null);
    }

    [Test]
    public async Task UnboundName_CallsFailWithObjectWithdrawn(CancellationToken cancellationToken)
    {
        Server.Unbind("factory");

        var error = Assert.ThrowsAsync<RompException>(async () => await _remote.CreateAsync("late"));
        Assert.That(error!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
    }

    [Test]
    public async Task RompProxyHelpers_DescribeProxyAndLocalObject(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("helper");

        Assert.That(RompProxy.IsProxy(counter), Is.True);
        Assert.That(RompProxy.IsProxy(new Counter("local")), Is.False);
        Assert.That(RompProxy.IsProxy(null), Is.False);
        Assert.That(RompProxy.IsConnected(counter), Is.True);
        Assert.That(RompProxy.GetCloseReason(counter), Is.Null);
        Assert.That(RompProxy.WhenDisconnected(counter).IsCompleted, Is.False);
        Assert.Throws<ArgumentException>(() => RompProxy.Release(new Counter("local")));
    }

    [Test]
    public async Task ServerStopped_ProxyCallsFailFastWithClearError(CancellationToken cancellationToken)
    {
        ICounter counter = await _remote.CreateAsync("orphan");

        await Server.StopAsync(cancellationToken);
        await RompProxy.WhenDisconnected(counter).WaitAsync(cancellationToken);

        var error = Assert.ThrowsAsync<RompException>(async () => await counter.IncrementAsync());
        Assert.That(error!.Error, Is.EqualTo(RompError.ListenerKilled));
        Assert.That(RompProxy.IsConnected(counter), Is.False);
        Assert.That(RompProxy.GetCloseReason(counter)!.Error, Is.EqualTo(RompError.ListenerKilled));
    }

    private int ServerExports() => Server.Connections.Sum(static c => c.Exports.Count);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<IAsyncEnumerable<ICounter>> StreamFromFreshProxyAsync() =>
        (await Client.ResolveAsync<ICounterFactory>("unheld")).CreateManyAsync(3);

    // Not inlined, so that no proxy stays reachable from this method's frame.
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private async Task<List<WeakReference>> CreateAndDropAsync(int count)
    {
        var weak = new List<WeakReference>();
        for (int i = 0; i < count; i++)
            weak.Add(new WeakReference(await _remote.CreateAsync($"dropped{i}")));
        return weak;
    }

    internal static void FullCollect()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
    }
}
