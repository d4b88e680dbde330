namespace Romp.Generators.Model;

/// <summary>One field or property of a <c>[RompSerializable]</c> type, in wire order.</summary>
/// <param name="Identifier">The member name as a C# identifier.</param>
/// <param name="Type">The member type.</param>
/// <param name="Assignment">How the formatter sets it when reading.</param>
internal sealed record SerializableMemberModel(string Identifier, TypeModel Type, MemberAssignment Assignment);
