namespace Romp.Generators.Model;

/// <summary>One exception type a method declares with <c>[RompFault]</c>.</summary>
/// <param name="Name">The fault's name on the wire: the attribute's Name, or the type's full metadata name.</param>
/// <param name="TypeName">The exception type as <c>global::N.RoomNotFoundException</c>.</param>
/// <param name="Formatter">The expression of its generated formatter.</param>
internal sealed record FaultModel(string Name, string TypeName, string Formatter);
