namespace Romp.Internal;

/// <summary>
/// The one barrier: work items take tickets in arrival order, and a waiter added later is released once every item
/// that held a ticket when it was added has retired. Items that arrive after the waiter do not hold it up. SYNC waits
/// for the calls received before it this way, and a removal waits for the calls that may still name what it removes.
/// </summary>
/// <remarks>Not thread-safe: the owner calls it under its own lock.</remarks>
/// <typeparam name="T">What a released waiter hands back (a SYNC's call id, the ids to remove).</typeparam>
internal sealed class TicketBarrier<T>
{
    private readonly List<Waiter> _waiters = new();
    private long _lastTicket;
    private int _outstanding;

    /// <summary>Items holding a ticket that have not retired.</summary>
    public int Outstanding => _outstanding;

    /// <summary>Hands out the next ticket; the item must <see cref="Retire"/> it exactly once.</summary>
    public long Issue()
    {
        _outstanding++;
        return ++_lastTicket;
    }

    /// <summary>
    /// Adds a waiter for every item outstanding now. Returns false when there is none, and then the caller releases
    /// <paramref name="value"/> itself, at once.
    /// </summary>
    public bool TryWait(T value)
    {
        if (_outstanding == 0)
            return false;
        _waiters.Add(new Waiter(_lastTicket, _outstanding, value));
        return true;
    }

    /// <summary>Retires <paramref name="ticket"/>; waiters it was the last to hold up are added to <paramref name="released"/>, oldest first.</summary>
    public void Retire(long ticket, ref List<T>? released)
    {
        _outstanding--;
        if (_waiters.Count == 0)
            return;
        int kept = 0;
        for (int i = 0; i < _waiters.Count; i++)
        {
            Waiter waiter = _waiters[i];
            if (ticket <= waiter.LastTicket && --waiter.Remaining == 0)
            {
                (released ??= new List<T>()).Add(waiter.Value);
                continue;
            }

            _waiters[kept++] = waiter;
        }

        _waiters.RemoveRange(kept, _waiters.Count - kept);
    }

    /// <summary>Drops every waiter (the connection closed: nobody is left to release them to).</summary>
    public void Clear() => _waiters.Clear();

    private sealed class Waiter(long lastTicket, int remaining, T value)
    {
        public long LastTicket { get; } = lastTicket;

        public int Remaining { get; set; } = remaining;

        public T Value { get; } = value;
    }
}
