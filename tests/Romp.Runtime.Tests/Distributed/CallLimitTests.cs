using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// MaxConcurrentCalls (and MaxOpenStreams) with callbacks: the server must keep reading answers while its calls wait on
/// the client, or calls that call back would deadlock; past twice the limit it refuses calls instead of queuing them without bound.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Inproc)]
[CancelAfter(60_000)]
public sealed class CallLimitTests(string transport) : ServerFixture(transport)
{
    private const int Limit = 2;

    protected override RompServerOptions ServerOptions => new() { MaxConcurrentCalls = Limit, MaxOpenStreams = Limit };

    [Test]
    public async Task MoreCallsThanTheLimit_EachCallingBack_AllComplete(CancellationToken cancellationToken)
    {
        Server.Bind<IPublisher>("publisher", new Publisher());
        IPublisher publisher = await Client.ResolveAsync<IPublisher>("publisher");
        await publisher.SubscribeAsync(new RecordingListener());

        int[] delivered = await Task.WhenAll(Enumerable.Range(0, 2 * Limit).Select(i => publisher.PublishAsync($"m{i}").AsTask()));

        Assert.That(delivered, Is.All.EqualTo(1));
    }

    [Test]
    public async Task ReentrantDepthAboveTheLimit_Completes(CancellationToken cancellationToken)
    {
        Server.Bind<IPingPong>("pingpong", new PingPong("server"));
        IPingPong server = await Client.ResolveAsync<IPingPong>("pingpong");

        Assert.That(await server.PingAsync(3 * Limit, new PingPong("client")), Is.EqualTo(3 * Limit));
    }

    [Test]
    public async Task PastTwiceTheLimitWhileWaitingOnTheClient_CallRefusedWithReceiveFailed(CancellationToken cancellationToken)
    {
        Server.Bind<IPublisher>("publisher", new Publisher());
        IPublisher publisher = await Client.ResolveAsync<IPublisher>("publisher");
        var listener = new GatedListener();
        await publisher.SubscribeAsync(listener);

        var accepted = new List<Task<int>>();
        for (int i = 0; i < Limit; i++)
            accepted.Add(publisher.PublishAsync($"held{i}").AsTask());
        await listener.WaitForArrivalsAsync(Limit, cancellationToken); // the server now waits on this client
        for (int i = Limit; i < 2 * Limit; i++)
            accepted.Add(publisher.PublishAsync($"over{i}").AsTask());
        var refused = Assert.CatchAsync<RompException>(async () => await publisher.PublishAsync("too many"));
        listener.Open();

        Assert.That(refused!.Error, Is.EqualTo(RompError.ReceiveFailed));
        Assert.That(await Task.WhenAll(accepted).WaitAsync(cancellationToken), Is.All.EqualTo(1));
    }

    /// <summary>
    /// A one-way call past twice the limit has no answer to carry a refusal. It used to be dropped and logged, and the
    /// client's SYNC then succeeded although the call never ran; now the server closes the connection, saying why.
    /// </summary>
    [Test]
    public async Task OnewaysPastTwiceTheLimitWhileWaitingOnTheClient_ConnectionClosedSoSyncFailsWithReceiveFailed(CancellationToken cancellationToken)
    {
        var hold = new Hold();
        Server.Bind<IPublisher>("publisher", new Publisher());
        Server.Bind<IHold>("hold", hold);
        IPublisher publisher = await Client.ResolveAsync<IPublisher>("publisher");
        IHold lane = await Client.ResolveAsync<IHold>("hold");
        var listener = new GatedListener();
        await publisher.SubscribeAsync(listener);
        try
        {
            Task<int> held = publisher.PublishAsync("held").AsTask();
            await listener.WaitForArrivalsAsync(1, cancellationToken); // the server now waits on this client
            lane.HoldLane(0);
            await hold.Reached[0].Task.WaitAsync(cancellationToken); // the one-way calls behind it queue up
            try
            {
                for (int i = 0; i < 4 * Limit; i++)
                    lane.HoldLane(1);
            }
            catch (RompException)
            {
                // The server may have hung up before the last ones were sent.
            }

            listener.Open();
            hold.OpenAll();
            RompException? sync = Assert.CatchAsync<RompException>(() => Client.SyncAsync(cancellationToken));

            Assert.That(sync!.Error, Is.EqualTo(RompError.ReceiveFailed));
            Assert.That(sync.Message, Does.Contain("one-way"));
            Assert.That(Client.Connection.CloseReason!.Error, Is.EqualTo(RompError.ReceiveFailed));
            Assert.CatchAsync<RompException>(() => held);
        }
        finally
        {
            listener.Open();
            hold.OpenAll();
        }
    }

    [Test]
    public async Task StreamsAtMaxOpenStreams_AnotherStreamWaits_RunningStreamsStillGetTheirCredit(CancellationToken cancellationToken)
    {
        await using RompClient client = await ConnectAsync(new RompClientOptions { StreamWindow = 8 });
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc");
        var running = new List<IAsyncEnumerator<int>>();
        for (int i = 0; i < Limit; i++)
        {
            running.Add(calc.RangeAsync(0, 100, cancellationToken).GetAsyncEnumerator(cancellationToken));
            Assert.That(await running[i].MoveNextAsync(), Is.True);
        }

        // The server stops in front of this one; the CREDIT the running streams need comes after it.
        await using IAsyncEnumerator<int> waiting = calc.RangeAsync(0, 100, cancellationToken).GetAsyncEnumerator(cancellationToken);
        ValueTask<bool> waitingFirst = waiting.MoveNextAsync();
        foreach (IAsyncEnumerator<int> stream in running)
        {
            int items = 1;
            while (await stream.MoveNextAsync())
                items++;
            Assert.That(items, Is.EqualTo(100));
            await stream.DisposeAsync();
        }

        Assert.That(await waitingFirst, Is.True);
    }

    /// <summary>Holds every event until opened; each arrival can be awaited.</summary>
    private sealed class GatedListener : IListener
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly SemaphoreSlim _arrivals = new(0);

        public void Open() => _gate.TrySetResult();

        public async Task WaitForArrivalsAsync(int count, CancellationToken cancellationToken)
        {
            for (int i = 0; i < count; i++)
                await _arrivals.WaitAsync(cancellationToken);
        }

        public async ValueTask OnEventAsync(string message)
        {
            _arrivals.Release();
            await _gate.Task;
        }

        public void Notify(string message)
        {
        }
    }
}
