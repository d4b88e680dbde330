namespace Romp.Generators.Model;

/// <summary>The ROMP message a call is sent as.</summary>
internal enum CallKind
{
    /// <summary>REQUEST, answered by RETVAL or EXCEPTION.</summary>
    Request,

    /// <summary>ONEWAY: no answer.</summary>
    Oneway,

    /// <summary>ONEWAY_SYNC: acknowledged on receipt.</summary>
    OnewaySync,

    /// <summary>REQUEST_BLOCK: answered by YIELD frames.</summary>
    Stream,
}
