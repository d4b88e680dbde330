namespace Romp.Bench;

/// <summary>The server side of <see cref="IBenchCounter"/>: alive only while the client holds its proxy.</summary>
internal sealed class BenchCounter : IBenchCounter
{
    private int _count;

    public ValueTask<int> IncrementAsync() => new(Interlocked.Increment(ref _count));
}
