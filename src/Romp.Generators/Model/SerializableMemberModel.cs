namespace Romp.Generators.Model;

/// <summary>One field or property of a <c>[RompSerializable]</c> type that travels, in the order the writer sends them.</summary>
/// <param name="Identifier">The member name as a C# identifier.</param>
/// <param name="Name">The member name as declared, for error messages.</param>
/// <param name="Id">The wire id: from <c>[RompId]</c>, or derived from the name.</param>
/// <param name="DeclaredType">The member's type as declared, with nullable annotations, for the reader's local.</param>
/// <param name="Type">The type whose formatter writes the value: the member's type, or <c>T</c> of a <c>Nullable&lt;T&gt;</c>.</param>
/// <param name="IsNullableValue">A <c>Nullable&lt;T&gt;</c>: null travels as the wire kind <c>Null</c>, a value as <c>T</c> does.</param>
/// <param name="Kind">The member name of <c>RompWireKind</c> that <paramref name="Type"/> travels as.</param>
/// <param name="Delimited">Whether the value travels behind a length of its own (its encoding has none).</param>
/// <param name="Assignment">How the formatter sets it when reading.</param>
/// <param name="IsRequired">A <c>required</c> member: a payload without it fails.</param>
/// <param name="KeepsInitialValue">An init-only member whose type may give it a value of its own (an initializer, or an
/// accessor with a body): when it was not sent, the reader takes that value from a new instance.</param>
/// <param name="Missing">The C# expression a constructor parameter gets when the member was not sent: its default value.</param>
internal sealed record SerializableMemberModel(
    string Identifier,
    string Name,
    ushort Id,
    string DeclaredType,
    TypeModel Type,
    bool IsNullableValue,
    string Kind,
    bool Delimited,
    MemberAssignment Assignment,
    bool IsRequired,
    bool KeepsInitialValue,
    string Missing);
