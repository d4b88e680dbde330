using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace QuickStart;

public sealed class Greeter : IGreeter
{
    private int _lines;

    public int LinesLogged => Volatile.Read(ref _lines);

    public ValueTask<string> GreetAsync(Person person) =>
        new($"Hello {person.Name} ({person.Age}), who speaks {string.Join(" and ", person.Languages)}!");

    public Task ValidateAsync(string name) => string.IsNullOrWhiteSpace(name)
        ? Task.FromException(new ArgumentException("A name must not be empty.", nameof(name)))
        : Task.CompletedTask;

    public void Log(string line) => Interlocked.Increment(ref _lines);

    public ValueTask NoteAsync(string line)
    {
        Interlocked.Increment(ref _lines);
        return default;
    }

    public async IAsyncEnumerable<int> CountdownAsync(int from, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = from; i > 0; i--)
        {
            await Task.Yield();
            yield return i;
        }
    }
}

public sealed class CounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public int this[string key]
    {
        get => _counters.GetValueOrDefault(key);
        set => _counters[key] = value;
    }

    public ValueTask<int> IncAsync(string key) => new(_counters.AddOrUpdate(key, 1, static (_, n) => n + 1));
}

public sealed class Updater : IUpdater
{
    public ValueTask UpdateAsync(Foo foo)
    {
        foo.Inc();
        return default;
    }

    public ValueTask UpdateAsync(IFoo foo) => foo.IncAsync();
}

public sealed class NewsFeed : INewsFeed
{
    private readonly ConcurrentDictionary<INewsListener, byte> _listeners = new(ReferenceEqualityComparer.Instance);
    private readonly ConcurrentQueue<string> _headlines = new();

    public ValueTask SubscribeAsync(INewsListener listener)
    {
        _listeners.TryAdd(listener, 0);
        return default;
    }

    public ValueTask<bool> UnsubscribeAsync(INewsListener listener) => new(_listeners.TryRemove(listener, out _));

    public async ValueTask EachAsync(Func<string, ValueTask> block)
    {
        foreach (string headline in _headlines)
            await block(headline);
    }

    /// <summary>Called on the server: stores the headline and calls every subscriber back; returns how many took it.</summary>
    public async Task<int> PublishAsync(string headline)
    {
        _headlines.Enqueue(headline);
        int delivered = 0;
        foreach (INewsListener listener in _listeners.Keys)
        {
            await listener.OnNewsAsync(headline);
            delivered++;
        }

        return delivered;
    }
}
