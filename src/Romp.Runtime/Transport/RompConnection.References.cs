using System.Buffers;
using System.Collections.Concurrent;
using Romp.Internal;
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
    private List<uint>? _sentInFrame;

    // Received calls whose arguments are not read yet, each with a ticket in arrival order, and the removals that wait
    // for the calls received before them to read theirs: such a call may name a released object as this side's own.
    private readonly object _unreadGate = new();
    private int _argumentsUnread;
    private long _lastTicket;
    private List<RemovalBarrier>? _removalBarriers;

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
        {
            if (Exports.TakeBack(id, removeAtZero: false))
                RemoveWhenRead([id]);
        }

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
        try
        {
            WriteQueuedReleases();
            FlushSoon();
        }
        catch (Exception error)
        {
            // A pool thread has nobody to throw to. A write that fails has already closed the connection.
            Log.WriteFailed(_logger, this, error);
        }
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
        bool unread;
        lock (_unreadGate)
            unread = _argumentsUnread > 0;
        List<uint>? kept = null;
        for (uint i = 0; i < count; i++)
        {
            uint objectId = reader.ReadUInt32();
            if (Exports.Release(objectId, reader.ReadUInt32(), removeAtZero: !unread))
                (kept ??= new List<uint>()).Add(objectId);
        }

        if (kept is not null)
            RemoveWhenRead(kept);
    }

    /// <summary>
    /// Removes entries that reached zero references once every call received so far has read its arguments (at once
    /// when none is waiting). Calls received later cannot name them: the peer released them before sending those.
    /// </summary>
    private void RemoveWhenRead(List<uint> ids)
    {
        lock (_unreadGate)
        {
            if (_argumentsUnread > 0)
            {
                (_removalBarriers ??= new List<RemovalBarrier>()).Add(new RemovalBarrier(_lastTicket, _argumentsUnread, ids));
                return;
            }
        }

        foreach (uint id in ids)
            Exports.RemoveIfUnreferenced(id);
    }

    /// <summary>A received call with arguments was queued; returns its ticket for <see cref="OnArgumentsDone"/>.</summary>
    private long OnArgumentsQueued()
    {
        lock (_unreadGate)
        {
            _argumentsUnread++;
            return ++_lastTicket;
        }
    }

    /// <summary>A received call has read its arguments, or will never read them.</summary>
    internal void OnArgumentsDone(long ticket)
    {
        List<uint>? ready = null;
        lock (_unreadGate)
        {
            _argumentsUnread--;
            if (_removalBarriers is not { Count: > 0 } barriers)
                return;
            for (int i = barriers.Count - 1; i >= 0; i--)
            {
                RemovalBarrier barrier = barriers[i];
                if (ticket > barrier.LastTicket || --barrier.Remaining > 0)
                    continue;
                barriers.RemoveAt(i);
                (ready ??= new List<uint>()).AddRange(barrier.Ids);
            }
        }

        if (ready is null)
            return;
        foreach (uint id in ready)
            Exports.RemoveIfUnreferenced(id);
    }

    private void CloseReferences()
    {
        Exports.Close();
        Imports.Close();
        _releases.Clear();
    }

    /// <summary>Removals waiting for the calls with tickets up to <see cref="LastTicket"/> to read their arguments.</summary>
    private sealed class RemovalBarrier(long lastTicket, int remaining, List<uint> ids)
    {
        public long LastTicket { get; } = lastTicket;

        public int Remaining { get; set; } = remaining;

        public List<uint> Ids { get; } = ids;
    }

    private sealed class ReleaseSender(RompConnection connection) : IThreadPoolWorkItem
    {
        public void Execute() => connection.SendQueuedReleases();
    }
}
