using System.Collections.Concurrent;
using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// The objects one connection may call, by id, with the number of references to each that were sent and not yet
/// released. Ids are handed out per connection and never reused on it, so a peer can reach only what was resolved on,
/// or handed to, its own connection; any other id is <see cref="RompError.UnknownObject"/>. An object stays here, and so
/// alive, while the peer holds a reference to it.
/// </summary>
internal sealed class ExportTable
{
    // Changed only under _gate; read without it by Find, which every received call does.
    private readonly ConcurrentDictionary<uint, Entry> _byId = new();
    private readonly Dictionary<Export, Entry> _byExport = new(ReferenceEqualityComparer.Instance); // guarded by _gate
    private readonly object _gate = new();
    private readonly int _maxObjects;
    private uint _nextId;
    private bool _closed;

    /// <param name="maxObjects">How many distinct objects the peer may hold references to at once (<see cref="RompConnectionOptions.MaxReferences"/>).</param>
    public ExportTable(int maxObjects = int.MaxValue) => _maxObjects = maxObjects;

    /// <summary>Counts one more reference sent to the peer, and returns the object's id on this connection.</summary>
    public uint Add(Export export)
    {
        lock (_gate)
        {
            if (_closed)
                ThrowHelper.ThrowClosed(null);
            if (!_byExport.TryGetValue(export, out Entry? entry))
            {
                if (_nextId == uint.MaxValue)
                    throw new RompException(RompError.UnexportableObject, "This connection has used up its object ids; open a new connection.");
                if (_byExport.Count >= _maxObjects)
                {
                    throw new RompException(RompError.UnexportableObject,
                        $"The peer already holds references to {_maxObjects} objects on this connection (MaxReferences); it must release some before it gets more.");
                }
                entry = new Entry(++_nextId, export);
                _byId[entry.Id] = entry;
                _byExport.Add(export, entry);
            }

            entry.References++;
            return entry.Id;
        }
    }

    public Export? Find(uint id)
    {
        return _byId.TryGetValue(id, out Entry? entry) ? entry.Export : null;
    }

    /// <summary>
    /// The peer gave back <paramref name="count"/> references; releasing more than were sent is a protocol violation.
    /// At zero the entry is removed when <paramref name="removeAtZero"/>, else kept for <see cref="RemoveIfUnreferenced"/>
    /// (a call received before the release may still name the object), and the result is true.
    /// </summary>
    public bool Release(uint id, long count, bool removeAtZero)
    {
        lock (_gate)
        {
            if (_closed)
                return false;
            if (!_byId.TryGetValue(id, out Entry? entry) || count <= 0 || count > entry.References)
                ThrowHelper.ThrowInvalidData($"A release of {count} references to object {id} does not match the references sent.");
            return DropLocked(entry, count, removeAtZero);
        }
    }

    /// <summary>Takes back a reference written into a frame that was then abandoned; true when it was the last one, as for <see cref="Release"/>.</summary>
    public bool TakeBack(uint id, bool removeAtZero)
    {
        lock (_gate)
            return !_closed && _byId.TryGetValue(id, out Entry? entry) && entry.References > 0 && DropLocked(entry, 1, removeAtZero);
    }

    /// <summary>Ends one removal waiting on an entry: the last one removes it, unless it was sent again meanwhile.</summary>
    public void RemoveIfUnreferenced(uint id)
    {
        lock (_gate)
        {
            if (_byId.TryGetValue(id, out Entry? entry) && --entry.PendingRemovals == 0 && entry.References == 0)
                RemoveLocked(entry);
        }
    }

    /// <summary>On close: every reference the peer held is gone with it.</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
            _byId.Clear();
            _byExport.Clear();
        }
    }

    public int Count
    {
        get
        {
            lock (_gate)
                return _byExport.Count;
        }
    }

    private bool DropLocked(Entry entry, long count, bool removeAtZero)
    {
        entry.References -= count;
        if (entry.References > 0)
            return false;
        if (!removeAtZero)
        {
            entry.PendingRemovals++;
            return true;
        }
        RemoveLocked(entry);
        return false;
    }

    private void RemoveLocked(Entry entry)
    {
        _byId.TryRemove(entry.Id, out _);
        _byExport.Remove(entry.Export);
    }

    private sealed class Entry(uint id, Export export)
    {
        public uint Id { get; } = id;

        public Export Export { get; } = export;

        public long References { get; set; }

        /// <summary>Removals waiting on calls that may still name the entry; only the last one may remove it.</summary>
        public int PendingRemovals { get; set; }
    }
}
