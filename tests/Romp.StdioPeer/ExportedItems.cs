using Romp.Tests.Support;

namespace Romp.StdioPeer;

/// <summary>
/// What an OpenTelemetry in-memory exporter adds to: a list behind a lock, so that a reader on another thread takes a
/// consistent copy, which signals every addition, so that a reader can wait for an item to arrive.
/// </summary>
internal sealed class ExportedItems<T> : ICollection<T>
{
    private readonly List<T> _items = new(); // guarded by itself

    public ChangeSignal Added { get; } = new();

    public int Count
    {
        get
        {
            lock (_items)
                return _items.Count;
        }
    }

    public bool IsReadOnly => false;

    public void Add(T item)
    {
        lock (_items)
            _items.Add(item);
        Added.Notify();
    }

    public List<T> Snapshot()
    {
        lock (_items)
            return [.. _items];
    }

    public void Clear()
    {
        lock (_items)
            _items.Clear();
    }

    public bool Contains(T item)
    {
        lock (_items)
            return _items.Contains(item);
    }

    public void CopyTo(T[] array, int arrayIndex)
    {
        lock (_items)
            _items.CopyTo(array, arrayIndex);
    }

    public bool Remove(T item)
    {
        lock (_items)
            return _items.Remove(item);
    }

    public IEnumerator<T> GetEnumerator() => Snapshot().GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
