using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// One connection's distributed-object bookkeeping: the objects exported to the peer (with the references it holds), the
/// peer's objects imported as proxies, the releases queued for batched RELEASE frames, and the removals that must wait
/// for calls that may still name what they remove.
/// </summary>
internal sealed class ReferenceTracker : IFrameScope
{
    private const int MaxReleasesPerFrame = 1024;

    private readonly RompConnection _connection;
    private readonly ExportRegistry _registry;
    private readonly ILogger _logger;
    private FrameOutput _output = null!;

    // Releases this side owes the peer; written in batches by a pool thread or in front of a SYNC.
    private readonly ConcurrentQueue<ReleaseEntry> _releases = new();
    private readonly object _releaseGate = new(); // held while writing releases, so a SYNC written after follows them all
    private int _releaseScheduled;
    private IThreadPoolWorkItem? _releaseSender;

    // Ids exported into the frame being written; guarded by the output's lock (IFrameScope is called under it).
    private List<uint>? _sentInFrame;

    // Received calls whose arguments are not read yet hold tickets; a removal waits for those that held one when it came:
    // such a call may name a released object as this side's own.
    private readonly object _unreadGate = new();
    private readonly TicketBarrier<List<uint>> _unread = new();

    public ReferenceTracker(RompConnection connection, ExportRegistry registry, int maxReferences, ILogger logger)
    {
        _connection = connection;
        _registry = registry;
        _logger = logger;
        Exports = new ExportTable(maxReferences);
        Imports = new ImportTable(connection);
    }

    /// <summary>The objects the peer may call on this connection.</summary>
    public ExportTable Exports { get; }

    /// <summary>The objects the peer exported to this side, as proxies.</summary>
    public ImportTable Imports { get; }

    /// <summary>The registry that gives each exported object one identity for its owner.</summary>
    public ExportRegistry Registry => _registry;

    /// <summary>Wires the output that RELEASE frames go out on; once, before the connection starts.</summary>
    public void Attach(FrameOutput output) => _output = output;

    /// <summary>
    /// Exports <paramref name="target"/> for a reference being written into the current frame. Called under the write
    /// lock: if the frame is abandoned, the reference is taken back, since the peer never sees it.
    /// </summary>
    public uint ExportReference(object target, RompObjectContract contract)
    {
        uint id = Exports.Add(_registry.GetOrAdd(target, contract));
        (_sentInFrame ??= new List<uint>()).Add(id);
        return id;
    }

    void IFrameScope.OnFrameStarting(FrameType type, uint callId) => _sentInFrame?.Clear();

    void IFrameScope.OnFrameAbandoned()
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
            _output.FlushSoon();
        }
        catch (Exception error)
        {
            // A pool thread has nobody to throw to. A write that fails has already closed the connection.
            Log.WriteFailed(_logger, _connection, error);
        }
    }

    /// <summary>
    /// Writes every queued release. Under a lock, so that a SYNC written after this returns follows every release
    /// queued before it, even those another thread had already taken from the queue.
    /// </summary>
    public void WriteQueuedReleases()
    {
        // No empty-queue shortcut outside the lock: the queue is also empty while another thread writes the entries it took.
        lock (_releaseGate)
        {
            if (_releases.IsEmpty)
                return;
            int perFrame = Math.Min(MaxReleasesPerFrame, (_output.PeerMaxFrameSize - sizeof(uint)) / ReleaseBody.EntrySize);
            ReleaseEntry[] batch = ArrayPool<ReleaseEntry>.Shared.Rent(perFrame);
            try
            {
                while (true)
                {
                    int count = 0;
                    while (count < perFrame && _releases.TryDequeue(out ReleaseEntry entry))
                        batch[count++] = entry;
                    if (count == 0 || !_output.TryWrite(FrameType.Release, 0, new ReleaseBody(batch, count)))
                        return;
                }
            }
            finally
            {
                ArrayPool<ReleaseEntry>.Shared.Return(batch);
            }
        }
    }

    /// <summary>RELEASE from the peer: it gives back references to objects this side exported.</summary>
    public void OnRelease(in Frame frame)
    {
        var reader = new RompReader(frame.Payload, _connection);
        uint count = reader.ReadUInt32();
        if ((long)count * ReleaseBody.EntrySize != reader.Remaining)
            ThrowHelper.ThrowInvalidData($"A RELEASE frame of {count} entries has {reader.Remaining} bytes of entries.");
        bool unread;
        lock (_unreadGate)
            unread = _unread.Outstanding > 0;
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
            if (_unread.TryWait(ids))
                return;
        }

        foreach (uint id in ids)
            Exports.RemoveIfUnreferenced(id);
    }

    /// <summary>A received call with arguments was queued; returns its ticket for <see cref="OnArgumentsDone"/>.</summary>
    public long OnArgumentsQueued()
    {
        lock (_unreadGate)
            return _unread.Issue();
    }

    /// <summary>A received call has read its arguments, or will never read them.</summary>
    public void OnArgumentsDone(long ticket)
    {
        List<List<uint>>? ready = null;
        lock (_unreadGate)
            _unread.Retire(ticket, ref ready);
        if (ready is null)
            return;
        foreach (List<uint> ids in ready)
        {
            foreach (uint id in ids)
                Exports.RemoveIfUnreferenced(id);
        }
    }

    /// <summary>On close: the peer's references and ours are gone with the connection.</summary>
    public void Close()
    {
        Exports.Close();
        Imports.Close();
        _releases.Clear();
        lock (_unreadGate)
            _unread.Clear();
    }

    private sealed class ReleaseSender(ReferenceTracker tracker) : IThreadPoolWorkItem
    {
        public void Execute() => tracker.SendQueuedReleases();
    }
}
