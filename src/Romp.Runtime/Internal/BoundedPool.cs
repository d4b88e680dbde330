using System.Collections.Concurrent;

namespace Romp.Internal;

/// <summary>
/// The one object pool: a bounded queue of reusable objects. <see cref="Return"/> resets the object and keeps it while
/// the pool has room, and drops it for the GC otherwise, so a burst never pins memory for good.
/// </summary>
internal sealed class BoundedPool<T> where T : class, IPooled
{
    private readonly ConcurrentQueue<T> _items = new();
    private readonly int _capacity;
    private int _count; // _items.Count without the queue's own walk; may run ahead of it for an instant

    public BoundedPool(int capacity) => _capacity = capacity;

    /// <summary>How many objects are kept now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Takes a kept object, if any.</summary>
    public bool TryRent([System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out T? item)
    {
        if (_items.TryDequeue(out item))
        {
            Interlocked.Decrement(ref _count);
            return true;
        }

        return false;
    }

    /// <summary>Resets <paramref name="item"/> and keeps it, unless the pool is full. The caller must not touch it again.</summary>
    public void Return(T item)
    {
        item.Reset();
        if (Interlocked.Increment(ref _count) <= _capacity)
        {
            _items.Enqueue(item);
            return;
        }

        Interlocked.Decrement(ref _count);
    }
}
