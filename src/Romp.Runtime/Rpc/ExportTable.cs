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
    private readonly Dictionary<uint, Entry> _byId = new();
    private readonly Dictionary<Export, Entry> _byExport = new(ReferenceEqualityComparer.Instance);
    // Released entries whose removal waits until no received call has unread arguments: a call queued before the
    // RELEASE may still name the object (sent back to us as our own), and must find it.
    private readonly List<Entry> _unreferenced = new();
    private volatile int _unreferencedCount;
    private uint _nextId;
    private bool _closed;

    /// <summary>Counts one more reference sent to the peer, and returns the object's id on this connection.</summary>
    public uint Add(Export export)
    {
        lock (_byId)
        {
            if (_closed)
                ThrowHelper.ThrowClosed(null);
            if (!_byExport.TryGetValue(export, out Entry? entry))
            {
                if (_nextId == uint.MaxValue)
                    throw new RompException(RompError.UnexportableObject, "This connection has used up its object ids; open a new connection.");
                entry = new Entry(++_nextId, export);
                _byId.Add(entry.Id, entry);
                _byExport.Add(export, entry);
            }

            entry.References++;
            return entry.Id;
        }
    }

    public Export? Find(uint id)
    {
        lock (_byId)
            return _byId.TryGetValue(id, out Entry? entry) ? entry.Export : null;
    }

    /// <summary>
    /// The peer gave back <paramref name="count"/> references. At zero the entry goes, at once or, while a received call
    /// still has unread arguments, once none has. Releasing more than was sent is a protocol violation.
    /// </summary>
    public void Release(uint id, long count, bool argumentsUnread)
    {
        lock (_byId)
        {
            if (_closed)
                return;
            if (!_byId.TryGetValue(id, out Entry? entry) || count <= 0 || count > entry.References)
                ThrowHelper.ThrowInvalidData($"A release of {count} references to object {id} does not match the references sent.");
            entry.References -= count;
            if (entry.References > 0)
                return;
            if (argumentsUnread)
            {
                _unreferenced.Add(entry);
                _unreferencedCount = _unreferenced.Count;
            }
            else
                RemoveLocked(entry);
        }
    }

    /// <summary>Removes the released entries that were waiting for received calls to read their arguments.</summary>
    public void RemoveUnreferenced()
    {
        lock (_byId)
        {
            foreach (Entry entry in _unreferenced)
            {
                if (entry.References == 0)
                    RemoveLocked(entry);
            }

            _unreferenced.Clear();
            _unreferencedCount = 0;
        }
    }

    public bool HasUnreferenced => _unreferencedCount > 0;

    /// <summary>On close: every reference the peer held is gone with it.</summary>
    public void Close()
    {
        lock (_byId)
        {
            _closed = true;
            _byId.Clear();
            _byExport.Clear();
            _unreferenced.Clear();
            _unreferencedCount = 0;
        }
    }

    public int Count
    {
        get
        {
            lock (_byId)
                return _byId.Count;
        }
    }

    private void RemoveLocked(Entry entry)
    {
        _byId.Remove(entry.Id);
        _byExport.Remove(entry.Export);
    }

    private sealed class Entry(uint id, Export export)
    {
        public uint Id { get; } = id;

        public Export Export { get; } = export;

        public long References { get; set; }
    }
}
