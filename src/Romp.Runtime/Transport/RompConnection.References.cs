using System.Buffers;
using System.Collections.Concurrent;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Serialization;

namespace Romp.Transport;

internal sealed partial class RompConnection
{
    private const int MaxReleasesPerFrame = 1024;

    private readonly ConcurrentQueue<ReleaseEntry> _releases = new();
    private readonly object _releaseGate = new();
    private int _releaseScheduled;
    private IThreadPoolWorkItem? _releaseSender;
    private int _argumentsUnread;
    private List<uint>? _sentInFrame;

    /// <summary>The objects the peer exported to this side, as proxies.</summary>
    public ImportTable Imports { get; }

    /// <summary>
    /// Exports <paramref name="target"/> for a reference being written into the current frame. Called under the write
    /// lock: if the frame is abandoned, the reference is taken back, since the peer never sees it.
    /// </summary>
    public uint ExportReference(object target, RompObjectContract contract)
    {
        uint id = Exports.Add(ExportRegistry.GetOrAdd(target, contract));
        (_sentInFrame ??= new List<uint>()).Add(id);
        return id;
    }

    private void BeginFrameReferences() => _sentInFrame?.Clear();

    private void TakeBackFrameReferences()
    {
        if (_sentInFrame is not { Count: > 0 } sent)
            return;
        foreach (uint id in sent)
            Exports.Release(id, 1, argumentsUnread: Interlocked.CompareExchange(ref _argumentsUnread, 0, 0) > 0);
        sent.Clear();
    }

    /// <summary>Queues references to give back; a pool thread sends them, batched with others, in RELEASE frames.</summary>
    public void QueueRelease(uint objectId, long references)
    {
        for (; references > uint.MaxValue; references -= uint.MaxValue)
            _releases.Enqueue(new ReleaseEntry(objectId, uint.MaxValue));
        _releases.Enqueue(new ReleaseEntry(objectId, (uint)references));
        if (Interlocked.Exchange(ref _releaseScheduled, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_releaseSender ??= new ReleaseSender(this), preferLocal: false);
    }

    private void SendQueuedReleases()
    {
        Volatile.Write(ref _releaseScheduled, 0);
        WriteQueuedReleases();
        FlushSoon();
    }

    /// <summary>
    /// Writes every queued release. Under a lock, so that a SYNC written after this returns follows every release
    /// queued before it, even those another thread had already taken from the queue.
    /// </summary>
    private void WriteQueuedReleases()
    {
        // No empty-queue shortcut: the queue is also empty while another thread writes the entries it took.
        lock (_releaseGate)
        {
            if (_releases.IsEmpty)
                return;
            int perFrame = Math.Min(MaxReleasesPerFrame, (_peerMaxFrameSize - sizeof(uint)) / ReleaseBody.EntrySize);
            ReleaseEntry[] batch = ArrayPool<ReleaseEntry>.Shared.Rent(perFrame);
            try
            {
                while (true)
                {
                    int count = 0;
                    while (count < perFrame && _releases.TryDequeue(out ReleaseEntry entry))
                        batch[count++] = entry;
                    if (count == 0 || !TryWriteFrame(FrameType.Release, 0, new ReleaseBody(batch, count)))
                        return;
                }
            }
            finally
            {
                ArrayPool<ReleaseEntry>.Shared.Return(batch);
            }
        }
    }

    private void OnRelease(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, this);
        uint count = reader.ReadUInt32();
        if ((long)count * ReleaseBody.EntrySize != reader.Remaining)
            Internal.ThrowHelper.ThrowInvalidData($"A RELEASE frame of {count} entries has {reader.Remaining} bytes of entries.");
        bool argumentsUnread = Interlocked.CompareExchange(ref _argumentsUnread, 0, 0) > 0;
        for (uint i = 0; i < count; i++)
        {
            uint objectId = reader.ReadUInt32();
            Exports.Release(objectId, reader.ReadUInt32(), argumentsUnread);
        }

        if (argumentsUnread && Interlocked.CompareExchange(ref _argumentsUnread, 0, 0) == 0)
            Exports.RemoveUnreferenced();
    }

    /// <summary>A received call was queued: until it reads its arguments, released objects it may name stay findable.</summary>
    private void OnArgumentsQueued() => Interlocked.Increment(ref _argumentsUnread);

    /// <summary>A received call has read its arguments, or will never read them.</summary>
    internal void OnArgumentsDone()
    {
        if (Interlocked.Decrement(ref _argumentsUnread) == 0 && Exports.HasUnreferenced)
            Exports.RemoveUnreferenced();
    }

    private void CloseReferences()
    {
        Exports.Close();
        Imports.Close();
        _releases.Clear();
    }

    private sealed class ReleaseSender(RompConnection connection) : IThreadPoolWorkItem
    {
        public void Execute() => connection.SendQueuedReleases();
    }
}
