using System.Runtime;

namespace Romp.StdioPeer;

/// <summary>The peer's side of <see cref="IChildServer"/> in its <c>serve</c> mode.</summary>
internal sealed class ChildServerService : IChildServer
{
    private static readonly TimeSpan s_slowCallLimit = TimeSpan.FromMinutes(10);

    private readonly RompServer _server;
    private readonly object _gate = new();
    private TaskCompletionSource _released = NewSignal(); // guarded by _gate; replaced once released
    private TaskCompletionSource _changed = NewSignal();  // guarded by _gate; completed and replaced when a count below moves
    private int _slowCallsWaiting;                        // guarded by _gate
    private long _count;

    public ChildServerService(RompServer server)
    {
        _server = server;
        server.ConnectionClosed += (_, _) => Signal();
    }

    public ValueTask<int> ProcessIdAsync() => new(Environment.ProcessId);

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask<long> NextCountAsync() => new(Interlocked.Increment(ref _count));

    public async ValueTask<int> SlowAsync(CancellationToken cancellationToken)
    {
        Task released;
        lock (_gate)
        {
            released = _released.Task;
            _slowCallsWaiting++;
        }

        Signal();
        try
        {
            await released.WaitAsync(s_slowCallLimit, cancellationToken).ConfigureAwait(false);
            return 42;
        }
        finally
        {
            lock (_gate)
                _slowCallsWaiting--;
            Signal();
        }
    }

    public ValueTask WhenSlowCallsWaitingAsync(int count, CancellationToken cancellationToken) =>
        WhenAsync(() => _slowCallsWaiting >= count, cancellationToken);

    public ValueTask ReleaseSlowCallsAsync()
    {
        TaskCompletionSource released;
        lock (_gate)
        {
            released = _released;
            _released = NewSignal();
        }

        released.TrySetResult();
        return default;
    }

    public ValueTask<int> ConnectionCountAsync() => new(_server.ConnectionCount);

    public ValueTask WhenConnectionsAtMostAsync(int count, CancellationToken cancellationToken) =>
        WhenAsync(() => _server.ConnectionCount <= count, cancellationToken);

    public ValueTask<MemoryFigures> MeasureMemoryAsync()
    {
        // Finalizers run between the collections: the block pool gives back its idle blocks at a full collection that
        // follows one with no rent in between, so it takes two; the third collects what the second let go. The last,
        // aggressive, one gives the free regions back at once, so the figures are what the process holds, not what the
        // GC keeps in hand on its own schedule.
        GCSettings.LargeObjectHeapCompactionMode = GCLargeObjectHeapCompactionMode.CompactOnce;
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);

        long managed = GC.GetTotalMemory(forceFullCollection: true);
        GCMemoryInfo info = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        const int PinnedObjectHeap = 4; // GenerationInfo: gen0, gen1, gen2, the large and the pinned object heaps
        GCGenerationInfo pinnedHeap = info.GenerationInfo[PinnedObjectHeap];
        return new(new MemoryFigures(managed, pinnedHeap.SizeAfterBytes, pinnedHeap.FragmentationAfterBytes, info.HeapSizeBytes, info.TotalCommittedBytes, info.PinnedObjectsCount));
    }

    private async ValueTask WhenAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
                if (condition())
                    return;
            }

            await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void Signal()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
