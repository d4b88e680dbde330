namespace Romp.Tests.Contracts;

/// <summary>A counter a factory hands out by reference: every call on it runs on the side that created it.</summary>
[RompObject]
public interface ICounter
{
    string Name { get; }

    ValueTask<int> IncrementAsync();
}

public sealed class Counter(string name) : ICounter
{
    private int _value;

    public string Name { get; } = name;

    public int Value => Volatile.Read(ref _value);

    public ValueTask<int> IncrementAsync() => new(Interlocked.Increment(ref _value));
}
