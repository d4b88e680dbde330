namespace Snippets;

/// <summary>The implementation the README's server binds.</summary>
public sealed class Calculator : ICalculator
{
    private readonly Dictionary<string, int> _memory = new();
    private int _ticks;

    public int Ticks => Volatile.Read(ref _ticks);

    public int this[string key]
    {
        get => _memory.GetValueOrDefault(key);
        set => _memory[key] = value;
    }

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default) => new(a + b);

    public void Tick(int n) => Interlocked.Increment(ref _ticks);

    public ValueTask TickAsync(int n)
    {
        Interlocked.Increment(ref _ticks);
        return default;
    }

    public async IAsyncEnumerable<Point> WalkAsync(int steps)
    {
        for (int i = 0; i < steps; i++)
        {
            await Task.Yield();
            yield return new Point(i, i * i);
        }
    }
}
