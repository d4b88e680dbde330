using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// The server calls the client back over the connection the client opened: listeners, blocks and re-entrant calls.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class CallbackTests(string transport) : ServerFixture(transport)
{
    private Publisher _publisher = null!;
    private IPublisher _remotePublisher = null!;
    private IBlocks _blocks = null!;

    [SetUp]
    public async Task BindAsync()
    {
        _publisher = new Publisher();
        Server.Bind<IPublisher>("publisher", _publisher);
        Server.Bind<IBlocks>("blocks", new Blocks());
        Server.Bind<IPingPong>("pingpong", new PingPong("server"));
        _remotePublisher = await Client.ResolveAsync<IPublisher>("publisher");
        _blocks = await Client.ResolveAsync<IBlocks>("blocks");
    }

    [Test]
    public async Task Subscribe_ServerCallsListenerBackOnSameConnection(CancellationToken cancellationToken)
    {
        var listener = new RecordingListener();
        await _remotePublisher.SubscribeAsync(listener);

        int delivered = await _remotePublisher.PublishAsync("hello");

        Assert.That(delivered, Is.EqualTo(1));
        Assert.That(listener.Events, Is.EqualTo(new[] { "hello" }));
        Assert.That(Server.ConnectionCount, Is.EqualTo(1), "the callback must reuse the client's connection");
    }

    [Test]
    public async Task SameListenerSubscribedTwice_ServerSeesOneProxy(CancellationToken cancellationToken)
    {
        var listener = new RecordingListener();
        await _remotePublisher.SubscribeAsync(listener);
        await _remotePublisher.SubscribeAsync(listener);

        Assert.That(_publisher.ListenerCount, Is.EqualTo(1));
        Assert.That(await _remotePublisher.UnsubscribeAsync(listener), Is.True);
        Assert.That(_publisher.ListenerCount, Is.Zero);
    }

    [Test]
    public async Task OnewayCallback_ReachesListener(CancellationToken cancellationToken)
    {
        var listener = new RecordingListener();
        await _remotePublisher.SubscribeAsync(listener);

        await _remotePublisher.NotifyAllAsync("ping");

        Assert.That(await listener.Notified.Task.WaitAsync(cancellationToken), Is.EqualTo("ping"));
    }

    [Test]
    public async Task ListenersOfTwoClients_EachCalledOnItsOwnConnection(CancellationToken cancellationToken)
    {
        await using RompClient other = await ConnectAsync();
        IPublisher otherPublisher = await other.ResolveAsync<IPublisher>("publisher");
        var first = new RecordingListener();
        var second = new RecordingListener();
        await _remotePublisher.SubscribeAsync(first);
        await otherPublisher.SubscribeAsync(second);

        Assert.That(await _remotePublisher.PublishAsync("both"), Is.EqualTo(2));
        Assert.That((first.Events.Single(), second.Events.Single()), Is.EqualTo(("both", "both")));
    }

    [Test]
    public async Task WithdrawnListener_ServerCallFailsWithObjectWithdrawn(CancellationToken cancellationToken)
    {
        var listener = new RecordingListener();
        await _remotePublisher.SubscribeAsync(listener);

        Assert.That(Client.Unregister(listener), Is.True);

        var error = Assert.CatchAsync<RompException>(async () => await _remotePublisher.PublishAsync("late"));
        Assert.That(error!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(listener.Events, Is.Empty);
    }

    [Test]
    public async Task AsyncBlock_CalledForEachItemDuringTheCall(CancellationToken cancellationToken)
    {
        var seen = new List<int>();

        await _blocks.ForEachAsync(4, i =>
        {
            lock (seen)
                seen.Add(i);
            return default;
        });

        Assert.That(seen, Is.EqualTo(new[] { 0, 1, 2, 3 }));
    }

    [Test]
    public async Task SyncFuncBlock_ResultsComeBack(CancellationToken cancellationToken)
    {
        Assert.That(await _blocks.SumAsync(4, static i => i * i), Is.EqualTo(1 + 4 + 9 + 16));
    }

    [Test]
    public void ActionBlock_OnSynchronousMethod_Runs()
    {
        int calls = 0;

        _blocks.Each(3, _ => Interlocked.Increment(ref calls));

        Assert.That(calls, Is.EqualTo(3));
    }

    [Test]
    public async Task AsyncFuncBlock_ValueComesBack(CancellationToken cancellationToken)
    {
        Assert.That(await _blocks.MapAsync(7, static async i => { await Task.Yield(); return $"<{i}>"; }), Is.EqualTo("[<7>]"));
    }

    [Test]
    public async Task BlockKeptPastItsCall_FailsWithDroppedObject(CancellationToken cancellationToken)
    {
        int calls = 0;
        await _blocks.KeepAsync(_ =>
        {
            Interlocked.Increment(ref calls);
            return default;
        });

        var error = Assert.CatchAsync<RompException>(async () => await _blocks.CallKeptAsync(1));

        Assert.That(error!.Error, Is.EqualTo(RompError.DroppedObject));
        Assert.That(calls, Is.Zero);
    }

    [Test]
    public async Task SameDelegateInTwoConcurrentCalls_FirstToEndDoesNotDropTheOther(CancellationToken cancellationToken)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstReached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int invocations = 0;
        Func<int, ValueTask> block = async _ =>
        {
            if (Interlocked.Increment(ref invocations) == 1)
            {
                firstReached.TrySetResult();
                await gate.Task;
            }
        };

        Task first = _blocks.ForEachAsync(2, block).AsTask();
        await firstReached.Task.WaitAsync(cancellationToken);
        await _blocks.ForEachAsync(1, block);
        gate.SetResult();
        await first.WaitAsync(cancellationToken);

        Assert.That(invocations, Is.EqualTo(3));
    }

    [Test]
    public async Task BlockTakingReference_CallerGetsItsOwnObject(CancellationToken cancellationToken)
    {
        var local = new Counter("local");
        ICounter? seen = null;

        int result = await _blocks.WithCounterAsync(local, async counter =>
        {
            seen = counter;
            return await counter.IncrementAsync();
        });

        Assert.That(result, Is.EqualTo(1));
        Assert.That(seen, Is.SameAs(local));
    }

    [Test]
    public async Task BlockExports_ReleasedWhenTheCallEnds(CancellationToken cancellationToken)
    {
        for (int i = 0; i < 10; i++)
            await _blocks.ForEachAsync(1, static _ => default);
        await Server.Connections.Single().SyncAsync(cancellationToken);

        Assert.That(Client.Connection.Exports.Count, Is.Zero);
    }

    [Test]
    public async Task ReentrantAsyncCalls_Depth5_NoDeadlock(CancellationToken cancellationToken)
    {
        IPingPong server = await Client.ResolveAsync<IPingPong>("pingpong");
        var client = new PingPong("client");

        int depth = await server.PingAsync(5, client);

        Assert.That(depth, Is.EqualTo(5));
        Assert.That(client.Calls, Is.EqualTo(3), "the client is called at depths 4, 2 and 0");
    }

    [Test]
    public async Task ReentrantSyncCalls_Depth5_NoDeadlock(CancellationToken cancellationToken)
    {
        IPingPong server = await Client.ResolveAsync<IPingPong>("pingpong");
        var client = new PingPong("client");

        int depth = await Task.Run(() => server.Ping(5, client), cancellationToken);

        Assert.That(depth, Is.EqualTo(5));
        Assert.That(client.Calls, Is.EqualTo(3));
    }

    [Test]
    public async Task MoreCallsThanTheDefaultLimit_EachCallingBack_AllComplete(CancellationToken cancellationToken)
    {
        await _remotePublisher.SubscribeAsync(new RecordingListener());
        int calls = new RompServerOptions().MaxConcurrentCalls + 100;

        int[] delivered = await Task.WhenAll(Enumerable.Range(0, calls).Select(i => _remotePublisher.PublishAsync($"m{i}").AsTask()));

        Assert.That(delivered, Is.All.EqualTo(1));
    }

    [Test]
    public async Task ReentrantCalls_ManyAtOnce_AllComplete(CancellationToken cancellationToken)
    {
        IPingPong server = await Client.ResolveAsync<IPingPong>("pingpong");
        var client = new PingPong("client");

        int[] depths = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => server.PingAsync(5, client).AsTask()));

        Assert.That(depths, Is.All.EqualTo(5));
    }
}
