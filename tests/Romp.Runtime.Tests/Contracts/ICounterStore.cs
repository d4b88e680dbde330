using System.Collections.Concurrent;

namespace Romp.Tests.Contracts;

/// <summary>DRb's counter store: an indexer and an increment, shared by many clients.</summary>
[RompObject]
public interface ICounterStore
{
    int this[string key] { get; set; }

    ValueTask<int> IncAsync(string key, CancellationToken cancellationToken = default);
}

public sealed class CounterStore : ICounterStore
{
    private readonly ConcurrentDictionary<string, int> _counters = new();

    public int this[string key]
    {
        get => _counters.GetValueOrDefault(key);
        set => _counters[key] = value;
    }

    public ValueTask<int> IncAsync(string key, CancellationToken cancellationToken) =>
        new(_counters.AddOrUpdate(key, 1, static (_, value) => value + 1));
}
