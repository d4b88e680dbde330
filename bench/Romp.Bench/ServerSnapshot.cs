namespace Romp.Bench;

/// <summary>
/// What <see cref="IBench.SnapshotAsync"/> measured in the server process, after full compacting collections: the soak
/// scenario's interval report, and the figures its leak check compares.
/// </summary>
/// <param name="HeapBytes">GC.GetTotalMemory(true): live managed objects, the pinned and large object heaps included.</param>
/// <param name="PinnedHeapBytes">The pinned object heap after the last full collection (where the pipes' 64 KiB blocks live).</param>
/// <param name="PoolIdleBytes">Blocks Romp's pipe pool keeps for reuse: part of the heap, and given back only once the pool sits idle.</param>
/// <param name="WorkingSetBytes">The process's working set.</param>
/// <param name="Connections">Open connections on the Romp server that serves this object.</param>
/// <param name="Exports">Objects that server exports over all its connections (as <see cref="IBench.ExportCountAsync"/> counts them).</param>
[RompSerializable]
public sealed record ServerSnapshot(long HeapBytes, long PinnedHeapBytes, long PoolIdleBytes, long WorkingSetBytes, int Connections, int Exports);
