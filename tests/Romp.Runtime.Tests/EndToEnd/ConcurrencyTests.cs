using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>Many calls in flight on one connection; parallel and serial objects.</summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[TestFixture(Transports.Unix, Category = "Socket")]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class ConcurrencyTests(string transport) : ServerFixture(transport)
{
    [Test]
    public async Task ParallelCalls_HundredFromEightThreads_EachGetsItsOwnAnswer(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        const int threads = 8, callsPerThread = 100;

        Task<int[]>[] workers = Enumerable.Range(0, threads).Select(t => Task.Run(async () =>
        {
            var calls = new Task<int>[callsPerThread];
            for (int i = 0; i < callsPerThread; i++)
                calls[i] = calc.AddAsync(t * 1000, i, cancellationToken).AsTask();
            return await Task.WhenAll(calls);
        }, cancellationToken)).ToArray();
        int[][] results = await Task.WhenAll(workers).WaitAsync(cancellationToken);

        for (int t = 0; t < threads; t++)
            Assert.That(results[t], Is.EqualTo(Enumerable.Range(t * 1000, callsPerThread)));
    }

    [Test]
    public async Task DrbCounter_EightClientsIncrementing_NoUpdateIsLost(CancellationToken cancellationToken)
    {
        var counter = new CounterStore();
        Server.Bind<ICounterStore>("counter", counter);
        const int clients = 8, increments = 250;

        Task[] workers = Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            await using RompClient client = await ConnectAsync();
            ICounterStore store = await client.ResolveAsync<ICounterStore>("counter", cancellationToken);
            for (int i = 0; i < increments; i++)
                await store.IncAsync("hits", cancellationToken);
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers).WaitAsync(cancellationToken);

        ICounterStore reader = await Client.ResolveAsync<ICounterStore>("counter", cancellationToken);
        Assert.That(await Task.Run(() => reader["hits"], cancellationToken), Is.EqualTo(clients * increments));
    }

    [Test]
    public async Task ParallelObject_SlowCallInFlight_OtherCallsStillComplete(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();

        for (int i = 0; i < 10; i++)
            Assert.That(await calc.AddAsync(i, i, cancellationToken), Is.EqualTo(2 * i));
        Assert.That(slow.IsCompleted, Is.False);

        Calculator.ReleaseSlowCalls();
        Assert.That(await slow.WaitAsync(cancellationToken), Is.EqualTo(42));
    }

    [Test]
    public async Task CallLimitReached_StreamStillGetsCreditAndFinishes(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        await using var server = new RompServer(Transports.NewEndpoint(Transport), new RompServerOptions { MaxConcurrentCalls = 1 });
        server.Bind<ICalculator>("calc", calculator);
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { StreamWindow = 8 }, cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        using var release = new CancellationTokenSource();
        ValueTask<int> holding = calc.WaitForCancellationAsync(release.Token);
        await calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        // The limit is reached; 100 items through a window of 8 need a dozen CREDIT frames read at the limit.
        int sum = 0;
        await foreach (int item in calc.RangeAsync(0, 100, cancellationToken))
            sum += item;

        Assert.That(sum, Is.EqualTo(4950));
        release.Cancel();
        Assert.CatchAsync<OperationCanceledException>(async () => await holding);
    }

    [Test]
    public async Task SerialObject_PipelinedCalls_RunOneAtATimeInArrivalOrder(CancellationToken cancellationToken)
    {
        ISerialLog log = await Client.ResolveAsync<ISerialLog>("log", cancellationToken);

        // Sent back to back without waiting: all are in flight together.
        Task[] appends = Enumerable.Range(0, 200).Select(i => log.AppendAsync(i).AsTask()).ToArray();
        await Task.WhenAll(appends).WaitAsync(cancellationToken);

        Assert.That(await log.EntriesAsync(), Is.EqualTo(Enumerable.Range(0, 200)));
        Assert.That(await log.MaxConcurrencyAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task SerialObject_TwoClients_NeverOverlap(CancellationToken cancellationToken)
    {
        await using RompClient other = await ConnectAsync();
        ISerialLog first = await Client.ResolveAsync<ISerialLog>("log", cancellationToken);
        ISerialLog second = await other.ResolveAsync<ISerialLog>("log", cancellationToken);

        Task[] appends = Enumerable.Range(0, 100)
            .Select(i => (i % 2 == 0 ? first : second).AppendAsync(i).AsTask()).ToArray();
        await Task.WhenAll(appends).WaitAsync(cancellationToken);

        Assert.That(await first.MaxConcurrencyAsync(), Is.EqualTo(1));
        Assert.That((await first.EntriesAsync()).Order(), Is.EqualTo(Enumerable.Range(0, 100)));
    }
}
