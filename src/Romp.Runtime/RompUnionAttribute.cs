namespace Romp;

/// <summary>
/// Declares one case of a closed union: on an abstract <see cref="RompSerializableAttribute"/> class or record, it lists
/// a derived type that may travel where the base type is declared, under a stable <see cref="Tag"/>, as MemoryPack's
/// <c>[MemoryPackUnion]</c> does. A value travels as its real derived type: its tag, then that type's own encoding
/// (docs/protocol.md §5). The receiver creates only the types listed here, chosen by tag, never a type because the peer
/// named it.
/// </summary>
/// <remarks>
/// A tag, once shipped, belongs to its case for good: add cases with new tags and never reuse one. A case may itself be
/// an abstract type with <see cref="RompUnionAttribute"/> cases of its own. Sending a derived type that is not listed
/// fails on the sender, before anything is written; a tag the receiver does not know fails that call.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class RompUnionAttribute : Attribute
{
    /// <summary>Lists <paramref name="derivedType"/> as the case with tag <paramref name="tag"/>.</summary>
    /// <param name="tag">The case's wire tag, 0 to 65535, unique within the base type.</param>
    /// <param name="derivedType">A <see cref="RompSerializableAttribute"/> type derived from the attributed type.</param>
    public RompUnionAttribute(int tag, Type derivedType)
    {
        Tag = tag;
        DerivedType = derivedType;
    }

    /// <summary>The case's wire tag.</summary>
    public int Tag { get; }

    /// <summary>The derived type the tag stands for.</summary>
    public Type DerivedType { get; }
}
