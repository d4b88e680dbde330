using Romp.MemoryPackTests.Contracts;

namespace Romp.MemoryPackTests;

/// <summary>MemoryPack types as parameters, results, stream items and [RompSerializable] members, over a loopback socket.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class RoundTripTests
{
    private RompServer _server = null!;
    private RompClient _client = null!;
    private IOrderBook _book = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer("tcp://127.0.0.1:0");
        _server.Bind<IOrderBook>("book", new OrderBook());
        await _server.StartAsync();
        _client = await RompClient.ConnectAsync(_server.Endpoint);
        _book = await _client.ResolveAsync<IOrderBook>("book");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task Echo_Order_ComesBackEqual()
    {
        Order order = Order.Sample(12);

        Order? echoed = await _book.EchoAsync(order);

        Assert.That(echoed, Is.Not.SameAs(order));
        Assert.That(echoed?.Describe(), Is.EqualTo(order.Describe()));
    }

    [Test]
    public async Task Describe_Order_IsReadByTheServerAsSent()
    {
        Order order = Order.Sample(3);

        Assert.That(await _book.DescribeAsync(order), Is.EqualTo(order.Describe()));
    }

    [Test]
    public async Task Echo_Null_ComesBackNull() => Assert.That(await _book.EchoAsync(null), Is.Null);

    [Test]
    public async Task Move_StructAndNullableStruct_RoundTrip()
    {
        Point moved = await _book.MoveAsync(new Point { X = 1, Y = 2 }, new Point { X = 10, Y = 20 });
        Point kept = await _book.MoveAsync(new Point { X = 5, Y = 6 }, null);

        Assert.That((moved.X, moved.Y), Is.EqualTo((11, 22)));
        Assert.That((kept.X, kept.Y), Is.EqualTo((5, 6)));
    }

    [Test]
    public async Task List_StreamOfOrders_ArrivesInOrder(CancellationToken cancellationToken)
    {
        var received = new List<string>();
        await foreach (Order order in _book.ListAsync(50, cancellationToken))
            received.Add(order.Describe());

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 50).Select(static i => Order.Sample(i).Describe())));
    }

    [Test]
    public async Task Stamp_SerializableWithMemoryPackMembers_RoundTrips()
    {
        var envelope = new Envelope("parcel", Order.Sample(8), new Point { X = 3, Y = 4 }, [Order.Sample(1), Order.Sample(2)]);

        Envelope stamped = await _book.StampAsync(envelope);

        Assert.That(stamped.Label, Is.EqualTo("parcel (stamped)"));
        Assert.That(stamped.Order?.Describe(), Is.EqualTo(envelope.Order!.Describe()));
        Assert.That((stamped.At.X, stamped.At.Y), Is.EqualTo((3, 4)));
        Assert.That(stamped.Extra.Select(static o => o.Describe()), Is.EqualTo(envelope.Extra.Select(static o => o.Describe())));
    }

    [Test]
    public async Task Stamp_NullMemoryPackMember_StaysNull()
    {
        Envelope stamped = await _book.StampAsync(new Envelope("empty", null, default, []));

        Assert.That(stamped.Order, Is.Null);
        Assert.That(stamped.Extra, Is.Empty);
    }

    [TestCase(100_000)]
    [TestCase(3_000_000)]
    public async Task Reverse_ValueLargerThanABufferSegment_RoundTrips(int size)
    {
        // Far past one pipe segment (4 KiB) and the formatter's learned size: written past the first span, read across segments.
        Blob blob = Blob.Of(size);
        byte[] expected = blob.Data.Reverse().ToArray();

        Blob reversed = await _book.ReverseAsync(blob);

        Assert.That(reversed.Data, Is.EqualTo(expected));
        Assert.That(reversed.Text, Is.EqualTo(blob.Text));
    }

    [Test]
    public async Task Echo_ManyConcurrentCalls_EachGetsItsOwnOrder()
    {
        // Writers on many threads share the formatter and its learned size; every value must still arrive whole.
        Task<Order?>[] calls = Enumerable.Range(0, 200)
            .Select(i => Task.Run(() => _book.EchoAsync(Order.Sample(i, extraLines: i % 10 == 0 ? 2_000 : 0))))
            .ToArray();

        Order?[] echoed = await Task.WhenAll(calls);

        for (int i = 0; i < echoed.Length; i++)
            Assert.That(echoed[i]?.Describe(), Is.EqualTo(Order.Sample(i, extraLines: i % 10 == 0 ? 2_000 : 0).Describe()));
    }
}
