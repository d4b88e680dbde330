using System.Runtime.CompilerServices;

namespace Romp.Bench;

/// <summary>The server side of <see cref="IBench"/>: as little work as possible, so the numbers measure Romp.</summary>
internal sealed class BenchService : IBench
{
    private long _ticks;

    public ValueTask<int> EchoAsync(int value) => new(value);

    // One-way calls run one at a time, but TicksAsync reads the count from a pool thread: interlocked, so it sees every tick.
    public void Tick(int value) => Interlocked.Increment(ref _ticks);

    public ValueTask TickSyncAsync(int value)
    {
        Interlocked.Increment(ref _ticks);
        return default;
    }

    public ValueTask<byte[]> EchoBytesAsync(byte[] data) => new(data);

    public async IAsyncEnumerable<int> StreamAsync(int count, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (int i = 0; i < count; i++)
        {
            if ((i & 0xFFF) == 0)
                ct.ThrowIfCancellationRequested();
            yield return i;
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    public ValueTask<long> TicksAsync() => new(Volatile.Read(ref _ticks));
}
