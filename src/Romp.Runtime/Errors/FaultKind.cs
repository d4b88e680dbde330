namespace Romp.Errors;

/// <summary>What an EXCEPTION payload's detail says the error is (docs/protocol.md §3.4).</summary>
internal enum FaultKind : byte
{
    /// <summary>Any other exception, or a Romp error: the caller raises <see cref="RemoteException"/> (or <see cref="RompException"/>).</summary>
    Remote = 0,

    /// <summary>One of the base library's exceptions on the allow-list (<see cref="StandardFaults"/>).</summary>
    Standard = 1,

    /// <summary>A fault the method declares with <see cref="RompFaultAttribute"/>.</summary>
    Declared = 2,
}
