namespace Romp;

/// <summary>
/// Gives a remote method or a serialized member a stable wire id, the way protobuf field numbers and Orleans'
/// <c>[Id(n)]</c> do, so that it keeps its identity when it is renamed or moved. Without one, the id is derived from the
/// member's name (and, for a method, its signature); see docs/protocol.md. The generator reports an id out of range, a
/// reserved id or two members with the same id as a compile-time error.
/// </summary>
/// <remarks>
/// On a positional record the attribute may stand on the constructor parameter; it applies to the property the
/// parameter declares. An id, once shipped, belongs to that member for good: when the member is removed, list its id in
/// <see cref="RompReservedAttribute"/> so that it is never reused with another meaning.
/// </remarks>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class RompIdAttribute : Attribute
{
    /// <summary>Gives the member the wire id <paramref name="id"/>.</summary>
    /// <param name="id">The id; docs/protocol.md gives the range for methods and for members.</param>
    public RompIdAttribute(int id) => Id = id;

    /// <summary>The member's wire id.</summary>
    public int Id { get; }
}
