namespace Romp.Generators.Model;

/// <summary>One marshalled parameter of a remote member (a trailing CancellationToken is not one).</summary>
/// <param name="Name">The parameter name as declared, without <c>@</c>.</param>
/// <param name="Identifier">The name as a C# identifier (<c>@class</c> for a keyword).</param>
/// <param name="Type">The parameter type.</param>
internal sealed record ParameterModel(string Name, string Identifier, TypeModel Type);
