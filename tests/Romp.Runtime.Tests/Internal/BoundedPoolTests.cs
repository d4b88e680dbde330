using Romp.Internal;

namespace Romp.Tests.Internal;

/// <summary>The one object pool: bounded, resets what comes back, drops what does not fit.</summary>
[TestFixture]
public sealed class BoundedPoolTests
{
    [Test]
    public void TryRent_Empty_ReturnsFalse()
    {
        var pool = new BoundedPool<Item>(4);

        Assert.That(pool.TryRent(out Item? item), Is.False);
        Assert.That(item, Is.Null);
        Assert.That(pool.Count, Is.Zero);
    }

    [Test]
    public void Return_ThenRent_HandsBackTheSameObjectReset()
    {
        var pool = new BoundedPool<Item>(4);
        var item = new Item { State = 42 };

        pool.Return(item);

        Assert.That(pool.Count, Is.EqualTo(1));
        Assert.That(pool.TryRent(out Item? rented), Is.True);
        Assert.That(rented, Is.SameAs(item));
        Assert.That((rented!.State, rented.Resets), Is.EqualTo((0, 1)), "Return must reset the object before it is kept");
        Assert.That(pool.Count, Is.Zero);
    }

    [Test]
    public void Return_PoolFull_DropsTheExtraObjectButStillResetsIt()
    {
        var pool = new BoundedPool<Item>(2);
        Item[] items = [new() { State = 1 }, new() { State = 2 }, new() { State = 3 }];

        foreach (Item item in items)
            pool.Return(item);

        Assert.That(pool.Count, Is.EqualTo(2));
        Assert.That(items.Select(static i => i.Resets), Is.All.EqualTo(1));
        Assert.That(pool.TryRent(out Item? first), Is.True);
        Assert.That(pool.TryRent(out Item? second), Is.True);
        Assert.That(pool.TryRent(out _), Is.False, "the third object must have been dropped, not kept");
        Assert.That(new[] { first, second }, Is.EqualTo(new[] { items[0], items[1] }), "kept in return order, the overflow dropped");
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Return_ManyThreadsAtOnce_NeverKeepsMoreThanCapacity(CancellationToken cancellationToken)
    {
        const int Capacity = 16;
        const int Threads = 4;
        const int PerThread = 2_000;
        var pool = new BoundedPool<Item>(Capacity);
        using var start = new Barrier(Threads);

        // Own threads (LongRunning): the barrier blocks them, which on a small pool would wait for thread injection.
        await Task.WhenAll(Enumerable.Range(0, Threads).Select(_ => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait(cancellationToken);
            for (int i = 0; i < PerThread; i++)
            {
                pool.Return(new Item());
                // Churn: renting while others return must not let the count run past the bound either.
                if (i % 3 == 0 && pool.TryRent(out Item? rented))
                    pool.Return(rented);
            }
        }, cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default)));

        Assert.That(pool.Count, Is.EqualTo(Capacity));
        int rentedCount = 0;
        while (rentedCount <= Capacity && pool.TryRent(out _))
            rentedCount++;
        Assert.That(rentedCount, Is.EqualTo(Capacity));
    }

    private sealed class Item : IPooled
    {
        public int State { get; set; }

        public int Resets { get; private set; }

        public void Reset()
        {
            State = 0;
            Resets++;
        }
    }
}
