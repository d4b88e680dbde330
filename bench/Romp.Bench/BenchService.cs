using System.Runtime.CompilerServices;
using Romp.Internal;
using Romp.Transport;

namespace Romp.Bench;

/// <summary>The server side of <see cref="IBench"/>: as little work as possible, so the numbers measure Romp.</summary>
internal sealed class BenchService(RompServer server) : IBench
{
    // GCMemoryInfo.GenerationInfo: gen 0, 1, 2, the large object heap, then the pinned object heap.
    private const int PinnedHeapGeneration = 4;

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

    public async ValueTask<long> CountAsync(Stream content)
    {
        byte[] buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            long total = 0;
            int read;
            while ((read = await content.ReadAsync(buffer).ConfigureAwait(false)) > 0)
                total += read;
            return total;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public Stream Produce(long length) => new GeneratedBytes(length);

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

    public ValueTask<int> ExportCountAsync() => new(CountExports());

    // Abort is internal (InternalsVisibleTo): a cut must look like a network failure, which no public API causes on purpose.
    public ValueTask CutAsync(int delayMilliseconds)
    {
        RompConnection connection = RompCallContext.Current?.Connection
            ?? throw new InvalidOperationException("CutAsync finds the connection to cut through RompCallContext.Current: run the server without --no-call-context.");
        _ = CutLaterAsync(connection, delayMilliseconds);
        return default;
    }

    public ValueTask<ServerSnapshot> SnapshotAsync()
    {
        // Twice: Romp's pipe pool gives its idle blocks back only at the second full collection in a row with no rent
        // in between (BlockMemoryPool.Gen2Watch), so on a quiet server the heap figure leaves that cache out. Under load
        // the pool is never idle and its blocks stay in the heap; PoolIdleBytes says how much they are.
        for (int i = 0; i < 2; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        long heap = GC.GetTotalMemory(forceFullCollection: true);
        GCMemoryInfo gc = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        long pinnedHeap = gc.GenerationInfo[PinnedHeapGeneration].SizeAfterBytes;
        long poolIdle = (long)BlockMemoryPool.Instance.Retained * BlockMemoryPool.BlockSize;
        return new(new ServerSnapshot(heap, pinnedHeap, poolIdle, Environment.WorkingSet, server.ConnectionCount, CountExports()));
    }

    private static async Task CutLaterAsync(RompConnection connection, int delayMilliseconds)
    {
        await Task.Delay(delayMilliseconds).ConfigureAwait(false);
        connection.Abort(new RompException(RompError.ConnectionBroken, "The bench cut the connection (IBench.CutAsync)."));
    }

    // Connections and Exports are internal (InternalsVisibleTo): the leak checks of the refs and soak scenarios need the table itself.
    private int CountExports()
    {
        int count = 0;
        foreach (RompConnection connection in server.Connections)
            count += connection.Exports.Count;
        return count;
    }
}
