namespace Snippets;

/// <summary>The server side of the distributed-objects example.</summary>
public sealed class Hub : IHub
{
    private readonly List<IListener> _listeners = new();

    public ValueTask<ICounter> CreateAsync(string name) => new(new Counter());

    public async ValueTask SubscribeAsync(IListener listener)
    {
        lock (_listeners)
            _listeners.Add(listener);
        await listener.OnEventAsync("subscribed");
    }

    public async ValueTask ForEachAsync(int count, Func<int, ValueTask> block)
    {
        for (int i = 0; i < count; i++)
            await block(i);
    }

    private sealed class Counter : ICounter
    {
        private int _value;

        public ValueTask<int> IncrementAsync() => new(Interlocked.Increment(ref _value));
    }
}

/// <summary>The client's listener, called back by the server over the client's own connection.</summary>
public sealed class ConsoleListener : IListener
{
    public ValueTask OnEventAsync(string message)
    {
        Console.WriteLine("event: " + message);
        return default;
    }
}
