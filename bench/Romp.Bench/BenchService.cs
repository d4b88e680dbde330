using System.Runtime.CompilerServices;
using Romp.Transport;

namespace Romp.Bench;

/// <summary>The server side of <see cref="IBench"/>: as little work as possible, so the numbers measure Romp.</summary>
internal sealed class BenchService(RompServer server) : IBench
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

    public async ValueTask<long> CallBackAsync(ISink sink, int count)
    {
        long sum = 0;
        for (int i = 0; i < count; i++)
            sum += await sink.OnItemAsync(i).ConfigureAwait(false);
        return sum;
    }

    public ValueTask<IBenchCounter> CreateAsync() => new(new BenchCounter());

    // Connections and Exports are internal (InternalsVisibleTo): the leak check of the refs scenario needs the table itself.
    public ValueTask<int> ExportCountAsync()
    {
        int count = 0;
        foreach (RompConnection connection in server.Connections)
            count += connection.Exports.Count;
        return new(count);
    }
}
