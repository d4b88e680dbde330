namespace Romp.Rpc;

/// <summary>
/// The objects one connection may call, by id. Ids are handed out per connection, so a peer can reach only what was
/// resolved on, or handed to, its own connection; any other id is <see cref="RompError.UnknownObject"/>.
/// </summary>
internal sealed class ExportTable
{
    private readonly Dictionary<uint, Export> _byId = new();
    private readonly Dictionary<Export, uint> _idOf = new(ReferenceEqualityComparer.Instance);
    private uint _nextId;

    /// <summary>The id of <paramref name="export"/> on this connection, allocated on first use (the same object keeps one id).</summary>
    public uint GetOrAdd(Export export)
    {
        lock (_byId)
        {
            if (_idOf.TryGetValue(export, out uint id))
                return id;
            id = ++_nextId;
            _byId.Add(id, export);
            _idOf.Add(export, id);
            return id;
        }
    }

    public Export? Find(uint id)
    {
        lock (_byId)
            return _byId.GetValueOrDefault(id);
    }

    public int Count
    {
        get
        {
            lock (_byId)
                return _byId.Count;
        }
    }
}
