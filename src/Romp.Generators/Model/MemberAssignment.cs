namespace Romp.Generators.Model;

/// <summary>How a formatter gives a value read from the wire to a new instance.</summary>
internal enum MemberAssignment
{
    /// <summary>Passed to the constructor.</summary>
    Constructor,

    /// <summary>Set in the object initializer (init-only or required members).</summary>
    Initializer,

    /// <summary>Assigned after construction, and only when the peer sent it, so the type's own initializer survives otherwise.</summary>
    Setter,
}
