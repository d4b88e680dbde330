
namespace Romp.Rpc;

/// <summary>
/// This side's hold on one object the peer exported: how many references to it arrived (the peer counts the ones it
/// sent), and the proxy that stands for it. Releasing gives all of them back in one entry of a RELEASE frame.
/// </summary>
internal sealed class ImportHandle
{
    private volatile bool _released;
    private volatile MethodGaps? _gaps;

    public ImportHandle(RompConnection connection, uint objectId, RompObjectContract contract)
    {
        Connection = connection;
        ObjectId = objectId;
        Contract = contract;
    }

    public RompConnection Connection { get; }

    public uint ObjectId { get; }

    public RompObjectContract Contract { get; }

    /// <summary>References received for this handle and not yet released; guarded by the import table's lock.</summary>
    public long References { get; set; }

    /// <summary>The proxy, weakly: a proxy nobody uses is collected, and its finalizer releases the handle.</summary>
    public WeakReference<ProxyBase>? Proxy { get; set; }

    /// <summary>
    /// The methods of <see cref="Contract"/> the object lacks, as its resolve answered (docs/protocol.md §4.2); null when
    /// it has them all, or when it arrived as a reference, which carries no method table.
    /// </summary>
    public MethodGaps? Gaps
    {
        get => _gaps;
        set => _gaps = value;
    }

    /// <summary>
    /// The error a call to method <paramref name="methodId"/> fails with before it is sent, because the object lacks the
    /// method; null when it has it. One null test for an object that lacks nothing.
    /// </summary>
    public RompException? Lacking(ushort methodId) =>
        _gaps is { } gaps && gaps.Lacks(methodId, out byte kind) ? MissingMethod.Error(Connection, Contract, methodId, kind) : null;

    /// <summary>Set once the references were given back; the proxy's calls then fail with <see cref="RompError.DroppedObject"/>.</summary>
    public bool Released => _released;

    /// <summary>Marks the handle released; true for the one caller that should send the release.</summary>
    public bool TryMarkReleased()
    {
        if (_released)
            return false;
        _released = true;
        return true;
    }

    /// <summary>Gives the references back to the peer (idempotent); the proxy stops working.</summary>
    public void Release() => Connection.Imports.Release(this);
}
