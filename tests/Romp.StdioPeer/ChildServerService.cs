using System.Collections.Concurrent;
using System.Runtime;
using Romp.Tests.Support;

namespace Romp.StdioPeer;

/// <summary>The peer's side of <see cref="IChildServer"/> in its <c>serve</c> mode.</summary>
internal sealed class ChildServerService : IChildServer
{
    private static readonly TimeSpan s_slowCallLimit = TimeSpan.FromMinutes(10);

    private readonly RompServer _server;
    private readonly ChangeSignal _released = new();     // each release lets the slow calls waiting then return
    private readonly ChangeSignal _countsMoved = new();  // the slow calls waiting, or the connections open, changed
    private readonly ConcurrentDictionary<IChildListener, byte> _listeners = new(ReferenceEqualityComparer.Instance);
    private int _slowCallsWaiting;
    private long _count;

    public ChildServerService(RompServer server)
    {
        _server = server;
        server.ConnectionClosed += (_, _) => _countsMoved.Notify();
    }

    public ValueTask<int> ProcessIdAsync() => new(Environment.ProcessId);

    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask<long> NextCountAsync() => new(Interlocked.Increment(ref _count));

    public async ValueTask<int> SlowAsync(CancellationToken cancellationToken)
    {
        Task released = _released.Changed;
        Interlocked.Increment(ref _slowCallsWaiting);
        _countsMoved.Notify();
        try
        {
            await released.WaitAsync(s_slowCallLimit, cancellationToken).ConfigureAwait(false);
            return 42;
        }
        finally
        {
            Interlocked.Decrement(ref _slowCallsWaiting);
            _countsMoved.Notify();
        }
    }

    public async ValueTask WhenSlowCallsWaitingAsync(int count, CancellationToken cancellationToken) =>
        await _countsMoved.WaitUntilAsync(() => Volatile.Read(ref _slowCallsWaiting) >= count, over: null, cancellationToken).ConfigureAwait(false);

    public ValueTask ReleaseSlowCallsAsync()
    {
        _released.Notify();
        return default;
    }

    public ValueTask SubscribeAsync(IChildListener listener)
    {
        _listeners.TryAdd(listener, 0);
        return default;
    }

    public async ValueTask<int> NotifyAsync(string message)
    {
        int delivered = 0;
        foreach (IChildListener listener in _listeners.Keys)
        {
            try
            {
                await listener.OnMessageAsync(Environment.ProcessId, message).ConfigureAwait(false);
                delivered++;
            }
            catch (RompException)
            {
                // Its client is gone: forget it.
                _listeners.TryRemove(listener, out _);
            }
        }

        return delivered;
    }

    public ValueTask<int> ConnectionCountAsync() => new(_server.ConnectionCount);

    public async ValueTask WhenConnectionsAtMostAsync(int count, CancellationToken cancellationToken) =>
        await _countsMoved.WaitUntilAsync(() => _server.ConnectionCount <= count, over: null, cancellationToken).ConfigureAwait(false);

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
}
