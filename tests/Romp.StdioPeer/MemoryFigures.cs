namespace Romp.StdioPeer;

/// <summary>
/// A process's managed memory after full compacting collections: <see cref="GC.GetTotalMemory(bool)"/> (what is live),
/// and from <see cref="GC.GetGCMemoryInfo(GCKind)"/> the pinned object heap (where the pipes' 64 KiB blocks live) and
/// how much of it is free space, the whole heap, the memory the GC has committed, and the objects pinned by handles.
/// </summary>
[RompSerializable]
public sealed record MemoryFigures(long ManagedBytes, long PinnedHeapBytes, long PinnedHeapFragmentedBytes, long HeapSizeBytes, long CommittedBytes, long PinnedObjects)
{
    /// <inheritdoc />
    public override string ToString() =>
        $"managed {Mib(ManagedBytes)}, pinned heap {Mib(PinnedHeapBytes)} ({Mib(PinnedHeapFragmentedBytes)} of it free), heap {Mib(HeapSizeBytes)}, committed {Mib(CommittedBytes)}, pinned objects {PinnedObjects}";

    private static string Mib(long bytes) => (bytes / (1024.0 * 1024)).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " MiB";
}
