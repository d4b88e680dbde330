using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// The wire name of a <c>[RompObject]</c> interface's contract: <c>RompObjectAttribute.Name</c> when set, otherwise the
/// interface's full .NET name (<see cref="ObjectParser.MetadataName"/>). A renamed or moved interface that keeps its
/// name stays the same contract to its peers.
/// </summary>
internal static class ContractName
{
    /// <summary>The contract name of <paramref name="type"/>, and the explicit <c>Name</c> it carries (null without one).</summary>
    public static string Of(INamedTypeSymbol type, KnownSymbols known, out string? explicitName)
    {
        explicitName = Explicit(type, known);
        return explicitName ?? ObjectParser.MetadataName(type);
    }

    private static string? Explicit(INamedTypeSymbol type, KnownSymbols known)
    {
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.RompObjectAttribute))
                continue;
            foreach (var argument in attribute.NamedArguments)
            {
                if (argument.Key == "Name" && argument.Value.Value is string name)
                    return name;
            }
        }

        return null;
    }
}
