namespace Romp;

/// <summary>
/// Leaves a public field or property of a <c>[RompSerializable]</c> type out of the wire: it is never sent, and a
/// reader leaves it at the value the type's construction gives it. Without it, a public member that would not travel
/// (a property with a non-public setter, a get-only property or a readonly field that no constructor parameter sets) is
/// a compile-time error, so that nothing is silently lost; mark such a member with this attribute when the peer need not
/// see it (a cache, a value derived from the others).
/// </summary>
/// <remarks>
/// On a positional record the attribute may stand on the constructor parameter; it applies to the property the
/// parameter declares, and a reader passes the parameter's default value.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter, Inherited = false)]
public sealed class RompIgnoreAttribute : Attribute
{
}
