namespace Romp.Description;

/// <summary>The ROMP message a remote method is called with (docs/protocol.md §3).</summary>
public enum RompMethodKind : byte
{
    /// <summary>REQUEST, answered by RETVAL or EXCEPTION.</summary>
    Request = 0,

    /// <summary>ONEWAY (<c>[Oneway]</c>): no answer.</summary>
    Oneway = 1,

    /// <summary>ONEWAY_SYNC (<c>[Oneway(Sync = true)]</c>): acknowledged on receipt.</summary>
    OnewaySync = 2,

    /// <summary>REQUEST_BLOCK: an <c>IAsyncEnumerable&lt;T&gt;</c>, answered by YIELD frames.</summary>
    Stream = 3,
}
