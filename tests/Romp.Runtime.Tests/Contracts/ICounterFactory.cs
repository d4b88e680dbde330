using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Romp.Tests.Contracts;

/// <summary>Creates counters and takes them back: references as results, arguments, list items, stream items and members.</summary>
[RompObject]
public interface ICounterFactory
{
    ValueTask<ICounter> CreateAsync(string name);

    /// <summary>The synchronous shape of <see cref="CreateAsync"/>.</summary>
    ICounter Create(string name);

    /// <summary>Returns the counter it was given: the caller must get its own object (or its own proxy) back.</summary>
    ValueTask<ICounter?> EchoAsync(ICounter? counter);

    /// <summary>True when the counter that arrived is one this side created itself, not a proxy.</summary>
    ValueTask<bool> IsOwnAsync(ICounter counter);

    ValueTask<int> IncrementAllAsync(List<ICounter> counters);

    IAsyncEnumerable<ICounter> CreateManyAsync(int count);

    ValueTask<CounterBox> BoxAsync(string label, ICounter counter);

    ValueTask<string> UnboxAsync(CounterBox box);

    /// <summary>Waits for <see cref="CounterFactory.Gate"/> whatever the token says, then creates a counter.</summary>
    ValueTask<ICounter> CreateWhenOpenAsync(string name, CancellationToken cancellationToken);
}

/// <summary>A value type that carries a reference among its members.</summary>
[RompSerializable]
public sealed class CounterBox
{
    public string Label { get; set; } = "";

    public ICounter? Counter { get; set; }
}

public sealed class CounterFactory : ICounterFactory
{
    private readonly ConcurrentDictionary<Counter, byte> _created = new(ReferenceEqualityComparer.Instance);

    /// <summary>Weak references to created counters when tracking is on: the leak test checks they all die.</summary>
    public ConcurrentQueue<WeakReference>? Tracked { get; set; }

    /// <summary>Keeps the counters it creates, so that identity checks do not depend on the GC.</summary>
    public bool KeepCreated { get; set; } = true;

    public int CreatedCount;

    public Counter? LastCreated { get; private set; }

    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource GateReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ValueTask<ICounter> CreateAsync(string name) => new(Make(name));

    public async ValueTask<ICounter> CreateWhenOpenAsync(string name, CancellationToken cancellationToken)
    {
        GateReached.TrySetResult();
        await Gate.Task;
        return Make(name);
    }

    public ICounter Create(string name) => Make(name);

    public ValueTask<ICounter?> EchoAsync(ICounter? counter) => new(counter);

    public ValueTask<bool> IsOwnAsync(ICounter counter) => new(counter is Counter own && _created.ContainsKey(own));

    public async ValueTask<int> IncrementAllAsync(List<ICounter> counters)
    {
        int total = 0;
        foreach (ICounter counter in counters)
            total += await counter.IncrementAsync();
        return total;
    }

    public async IAsyncEnumerable<ICounter> CreateManyAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return Make($"item{i}");
        }
    }

    public ValueTask<CounterBox> BoxAsync(string label, ICounter counter) => new(new CounterBox { Label = label, Counter = counter });

    public async ValueTask<string> UnboxAsync(CounterBox box) =>
        box.Counter is null ? box.Label : $"{box.Label}:{box.Counter.Name}:{await box.Counter.IncrementAsync()}";

    private Counter Make(string name)
    {
        var counter = new Counter(name);
        Interlocked.Increment(ref CreatedCount);
        if (KeepCreated)
            _created.TryAdd(counter, 0);
        Tracked?.Enqueue(new WeakReference(counter));
        if (KeepCreated)
            LastCreated = counter;
        return counter;
    }
}
