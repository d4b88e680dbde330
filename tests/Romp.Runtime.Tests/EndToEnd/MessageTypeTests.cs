using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>Each of ROMP's message types, end to end, over each transport.</summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[TestFixture(Transports.Unix, Category = "Socket")]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class MessageTypeTests(string transport) : ServerFixture(transport)
{
    [Test]
    public async Task Request_ValueTaskMethod_ReturnsResult(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(await calc.AddAsync(2, 40, cancellationToken), Is.EqualTo(42));
    }

    [Test]
    public async Task Request_TaskOfNullableString_RoundTripsNullAndText(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(await calc.EchoAsync("héllo ✓"), Is.EqualTo("héllo ✓"));
        Assert.That(await calc.EchoAsync(null), Is.Null);
        Assert.That(await calc.EchoAsync(""), Is.EqualTo(""));
    }

    [Test]
    public async Task Request_SynchronousMembers_BlockUntilAnswered(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        // Synchronous proxies block, so run them off the test thread with the token still in force.
        await Task.Run(() =>
        {
            calc["apples"] = 5;
            Assert.That(calc.Multiply(6, 7), Is.EqualTo(42));
            Assert.That(calc["apples"], Is.EqualTo(5));
            Assert.That(calc.Name, Is.EqualTo("calculator"));
            calc.Reset();
            Assert.That(calc["apples"], Is.EqualTo(0));
        }, cancellationToken).WaitAsync(cancellationToken);
    }

    [Test]
    public async Task Request_SerializableGraph_RoundTripsEveryMember(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        var order = new Order
        {
            Id = 7,
            Customer = "Ada",
            Lines = [new OrderLine("tea", 2, 3.50m), new OrderLine("cake", 1, 12.25m)],
            Tags = new Dictionary<string, string> { ["gift"] = "yes" },
            Placed = new DateTimeOffset(2026, 11, 22, 10, 30, 0, TimeSpan.FromHours(2)),
            Reference = Guid.NewGuid(),
            Range = (3, 9),
            Priority = 2,
            Status = Status.Shipped,
        };

        Order echoed = await calc.EchoOrderAsync(order);

        Assert.Multiple(() =>
        {
            Assert.That(echoed, Is.Not.SameAs(order));
            Assert.That(echoed.Id, Is.EqualTo(7));
            Assert.That(echoed.Customer, Is.EqualTo("Ada"));
            Assert.That(echoed.Lines, Is.EqualTo(order.Lines));
            Assert.That(echoed.Tags, Is.EqualTo(order.Tags));
            Assert.That(echoed.Placed, Is.EqualTo(order.Placed));
            Assert.That(echoed.Placed.Offset, Is.EqualTo(TimeSpan.FromHours(2)));
            Assert.That(echoed.Reference, Is.EqualTo(order.Reference));
            Assert.That(echoed.Range, Is.EqualTo((3, 9)));
            Assert.That(echoed.Priority, Is.EqualTo(2));
            Assert.That(echoed.Status, Is.EqualTo(Status.Shipped));
        });
    }

    [Test]
    public async Task Request_LargeByteArray_RoundTripsIntact(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        byte[] data = new byte[1024 * 1024];
        new Random(17).NextBytes(data);

        byte[] echoed = await calc.EchoBytesAsync(data);

        Assert.That(echoed, Is.EqualTo(data));
    }

    [Test]
    public async Task Exception_ThrownRemotely_ArrivesAsItselfAndConnectionStaysUp(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        // An InvalidOperationException is on the base library's allow-list (Errors/ has the other kinds).
        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => calc.FailAsync("boom"));

        Assert.That(error!.Message, Is.EqualTo("boom"));
        Assert.That(error.Data.Contains(RemoteException.RemoteStackTraceKey), Is.False, "stack traces are off by default");
        Assert.That(await calc.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
    }

    [Test]
    public async Task Oneway_ManyThenSync_AllProcessedInOrder(CancellationToken cancellationToken)
    {
        const int count = 20_000;
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        for (int i = 0; i < count; i++)
        {
            if (i % 2 == 0)
                calc.Tick(i);
            else
                await calc.TickAsync(i);
        }

        await Client.SyncAsync(cancellationToken);

        // SYNC is answered only after every earlier message ran: no polling needed.
        Assert.That(Calculator.TickCountAsync().Result, Is.EqualTo(count));
        Assert.That(await calc.TicksInOrderAsync(), Is.True);
    }

    [Test]
    public async Task OnewaySync_Awaited_CompletesAfterServerReceivedIt(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        for (int i = 0; i < 100; i++)
            await calc.TickSyncAsync(i);
        await Client.SyncAsync(cancellationToken);

        Assert.That(await calc.TickCountAsync(), Is.EqualTo(100));
        Assert.That(await calc.TicksInOrderAsync(), Is.True);
    }

    [Test]
    public async Task Sync_WithRequestInFlight_WaitsForIt(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();
        Task sync = Client.SyncAsync(cancellationToken);
        // The sync must still be pending while the earlier request is: prove it by completing a later call first.
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        Assert.That(sync.IsCompleted, Is.False);

        Calculator.ReleaseSlowCalls();

        await sync.WaitAsync(cancellationToken);
        // Both answers complete on pool threads in either order; the server side finished the request before SYNC's reply.
        Assert.That(await slow.WaitAsync(cancellationToken), Is.EqualTo(42));
    }

    [Test]
    public async Task Stream_Enumerated_YieldsEveryItemThenEnds(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        var items = new List<int>();

        await foreach (int item in calc.RangeAsync(10, 1000, cancellationToken))
            items.Add(item);

        Assert.That(items, Is.EqualTo(Enumerable.Range(10, 1000)));
    }

    [Test]
    public async Task Stream_EnumeratedTwice_SendsTwoCalls(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        IAsyncEnumerable<int> range = calc.RangeAsync(0, 5, cancellationToken);

        int first = 0, second = 0;
        await foreach (int item in range)
            first += item;
        await foreach (int item in range)
            second += item;

        Assert.That((first, second), Is.EqualTo((10, 10)));
    }

    [Test]
    public async Task Stream_ProducerFails_ConsumerGetsTheExceptionAfterItems(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        var items = new List<int>();

        ArgumentException? error = Assert.ThrowsAsync<ArgumentException>(async () =>
        {
            await foreach (int item in calc.FailingRangeAsync(3))
                items.Add(item);
        });

        Assert.That(items, Is.EqualTo(new[] { 0, 1, 2 }));
        Assert.That(error!.Message, Is.EqualTo("the stream failed on purpose"));
    }

    [Test]
    public async Task Stream_ConsumerBreaksOut_ProducerIsStopped(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);

        await foreach (int item in calc.RangeAsync(0, int.MaxValue, cancellationToken))
        {
            if (item == 100)
                break;
        }

        await Calculator.ProducerStopped.Task.WaitAsync(cancellationToken);
        Assert.That(await calc.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
    }

    [Test]
    public async Task Stream_SlowConsumer_ProducerStaysWithinTheWindow(CancellationToken cancellationToken)
    {
        await using RompClient client = await ConnectAsync(new RompClientOptions { StreamWindow = 8 });
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await using IAsyncEnumerator<int> items = calc.RangeAsync(0, 10_000, cancellationToken).GetAsyncEnumerator(cancellationToken);

        for (int taken = 1; taken <= 50; taken++)
        {
            Assert.That(await items.MoveNextAsync(), Is.True);
            // The producer may run ahead of the consumer by the window, never by more.
            Assert.That(Volatile.Read(ref Calculator.ProducedItems), Is.LessThanOrEqualTo(taken + 8));
        }
    }

    [Test]
    public async Task Resolve_UnknownName_FailsWithUnknownObject(CancellationToken cancellationToken)
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => Client.ResolveAsync<ICalculator>("nobody", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownObject));
    }

    [Test]
    public async Task Resolve_NameBoundToOtherInterface_FailsWithTypeGuardFailure(CancellationToken cancellationToken)
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => Client.ResolveAsync<ICalculator>("greeter", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.TypeGuardFailure));
        IGreeter greeter = await Client.ResolveAsync<IGreeter>("greeter", cancellationToken);
        Assert.That(await greeter.GreetAsync("ada"), Is.EqualTo("hello ada"));
    }

    [Test]
    public async Task Unbind_ThenCall_FailsWithObjectWithdrawn(CancellationToken cancellationToken)
    {
        IGreeter greeter = await Client.ResolveAsync<IGreeter>("greeter", cancellationToken);
        Server.Unbind("greeter");

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await greeter.GreetAsync("ada"));

        Assert.That(error!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
        Assert.That(Assert.ThrowsAsync<RompException>(() => Client.ResolveAsync<IGreeter>("greeter", cancellationToken))!.Error,
            Is.EqualTo(RompError.UnknownObject));
    }

    [Test]
    public async Task Unregister_ThenCall_FailsWithObjectWithdrawn(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Server.Unregister(Calculator);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 2, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.ObjectWithdrawn));
    }
}
