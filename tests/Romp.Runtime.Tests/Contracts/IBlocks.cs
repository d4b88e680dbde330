namespace Romp.Tests.Contracts;

/// <summary>Blocks (delegate parameters) of every supported shape: callbacks valid for the duration of the call.</summary>
[RompObject]
public interface IBlocks
{
    ValueTask ForEachAsync(int count, Func<int, ValueTask> block);

    ValueTask<int> SumAsync(int count, Func<int, int> square);

    void Each(int count, Action<int> block);

    ValueTask<string> MapAsync(int value, Func<int, ValueTask<string>> map);

    /// <summary>Keeps the block past the call, to prove it stops working when the call ends.</summary>
    ValueTask KeepAsync(Func<int, ValueTask> block);

    /// <summary>Calls the kept block.</summary>
    ValueTask CallKeptAsync(int value);

    /// <summary>A block that takes a reference: the counter comes back to the caller as its own object.</summary>
    ValueTask<int> WithCounterAsync(ICounter counter, Func<ICounter, ValueTask<int>> use);
}

public sealed class Blocks : IBlocks
{
    private Func<int, ValueTask>? _kept;

    public async ValueTask ForEachAsync(int count, Func<int, ValueTask> block)
    {
        for (int i = 0; i < count; i++)
            await block(i);
    }

    public ValueTask<int> SumAsync(int count, Func<int, int> square)
    {
        int sum = 0;
        for (int i = 1; i <= count; i++)
            sum += square(i);
        return new(sum);
    }

    public void Each(int count, Action<int> block)
    {
        for (int i = 0; i < count; i++)
            block(i);
    }

    public async ValueTask<string> MapAsync(int value, Func<int, ValueTask<string>> map) => "[" + await map(value) + "]";

    public ValueTask KeepAsync(Func<int, ValueTask> block)
    {
        _kept = block;
        return default;
    }

    public ValueTask CallKeptAsync(int value) => (_kept ?? throw new InvalidOperationException("Nothing kept.")).Invoke(value);

    public ValueTask<int> WithCounterAsync(ICounter counter, Func<ICounter, ValueTask<int>> use) => use(counter);
}
