using Romp.Internal;

namespace Romp.Rpc;

/// <summary>
/// The objects the peer exported to this side, by the peer's id. Receiving the same object twice gives the same proxy
/// while that proxy is alive (Oberon's identity); the references each handle received are counted so that a release
/// racing with a new reference in flight never drops an object the peer still sends.
/// </summary>
internal sealed class ImportTable(RompConnection connection)
{
    private readonly Dictionary<uint, ImportHandle> _byId = new();
    private bool _closed;

    /// <summary>The proxy for the peer's object <paramref name="objectId"/>, counting one more reference to it.</summary>
    public object GetOrAdd(uint objectId, RompObjectContract contract)
    {
        lock (_byId)
        {
            if (_byId.TryGetValue(objectId, out ImportHandle? handle))
            {
                if (handle.Contract.Id != contract.Id)
                    ThrowHelper.ThrowViolation($"Object {objectId} was sent as {handle.Contract.InterfaceName} before and as {contract.InterfaceName} now.");
                // The same contract through another interface (two versions of it in one process): the proxy in the
                // table cannot be that interface, so this one gets a proxy of its own, whose reference it gives back alone.
                if (!ReferenceEquals(handle.Contract, contract))
                    return NewProxy(objectId, contract);
                if (!handle.Released && handle.Proxy!.TryGetTarget(out ProxyBase? alive))
                {
                    handle.References++;
                    return alive;
                }
            }

            // A handle whose proxy was collected is still counting: its finalizer gives its references back on its own.
            ProxyBase proxy = NewProxy(objectId, contract);
            if (!_closed)
                _byId[objectId] = proxy.Handle;
            return proxy;
        }
    }

    /// <summary>
    /// A proxy of its own for one received call's block: the same delegate passed to two calls at once must not be
    /// released under the second when the first ends. Not entered in the table, so it has no identity to share.
    /// </summary>
    public ProxyBase AddScoped(uint objectId, RompObjectContract contract) => NewProxy(objectId, contract);

    /// <summary>
    /// Makes <paramref name="proxy"/> the one that stands for <paramref name="handle"/>'s object from now on, so that the
    /// object received again is that proxy: a proxy that recovered takes the place of the one it was bound through.
    /// </summary>
    public void Adopt(ImportHandle handle, ProxyBase proxy)
    {
        lock (_byId)
        {
            if (_byId.TryGetValue(handle.ObjectId, out ImportHandle? current) && ReferenceEquals(current, handle))
                handle.Proxy = new WeakReference<ProxyBase>(proxy);
        }
    }

    /// <summary>Gives a handle's references back: queued for the next RELEASE frame, which batches them.</summary>
    public void Release(ImportHandle handle)
    {
        long references;
        lock (_byId)
        {
            if (!handle.TryMarkReleased())
                return;
            references = handle.References;
            if (_byId.TryGetValue(handle.ObjectId, out ImportHandle? current) && ReferenceEquals(current, handle))
                _byId.Remove(handle.ObjectId);
            if (_closed)
                return;
        }

        connection.QueueRelease(handle.ObjectId, references);
    }

    /// <summary>
    /// On close: the peer forgets everything it exported to us, so there is nothing left to release. The proxies stay
    /// unreleased: their calls fail with the connection's close reason, which says more than "dropped".
    /// </summary>
    public void Close()
    {
        lock (_byId)
        {
            _closed = true;
            _byId.Clear();
        }
    }

    /// <summary>A proxy on a new handle that holds the one reference just received.</summary>
    private ProxyBase NewProxy(uint objectId, RompObjectContract contract)
    {
        var handle = new ImportHandle(connection, objectId, contract) { References = 1 };
        var proxy = (ProxyBase)contract.CreateProxy(new ProxyTarget(handle));
        handle.Proxy = new WeakReference<ProxyBase>(proxy);
        connection.Trace?.OnImported(objectId, contract); // a traced conversation names calls on it by its contract
        return proxy;
    }

    /// <summary>The contract of the peer's object <paramref name="objectId"/>, while this side holds a proxy for it; null otherwise (a block's proxy is not in the table).</summary>
    public RompObjectContract? FindContract(uint objectId)
    {
        lock (_byId)
            return _byId.TryGetValue(objectId, out ImportHandle? handle) ? handle.Contract : null;
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
