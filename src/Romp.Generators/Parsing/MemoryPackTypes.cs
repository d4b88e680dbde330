using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// Recognises MemoryPack's <c>[MemoryPackable]</c> types, which Romp.MemoryPack's formatter writes. The generator cannot
/// reference MemoryPack, so the attribute is matched by its name.
/// </summary>
internal static class MemoryPackTypes
{
    /// <summary>How a MemoryPack type is spelled in a method's signature (docs/protocol.md §4.3), before its name.</summary>
    public const string CanonicalPrefix = "memorypack ";

    private const string AttributeName = "MemoryPackableAttribute";
    private const string AttributeNamespace = "MemoryPack";

    /// <summary>Whether <paramref name="type"/> itself carries <c>MemoryPack.MemoryPackableAttribute</c> (it is not inherited).</summary>
    public static bool IsMemoryPackable(INamedTypeSymbol type)
    {
        foreach (AttributeData data in type.GetAttributes())
        {
            if (data.AttributeClass is { Name: AttributeName, ContainingNamespace: { Name: AttributeNamespace, ContainingNamespace.IsGlobalNamespace: true } })
                return true;
        }

        return false;
    }

    /// <summary>The problem sentence of a [MemoryPackable] type in a compilation without Romp.MemoryPack.</summary>
    public static string MissingPackageProblem(INamedTypeSymbol type) =>
        $"'{type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat)}' is [MemoryPackable]: add a PackageReference to Romp.MemoryPack, which sends MemoryPack types.";

    /// <summary>
    /// The display name of the [MemoryPackable] type in <paramref name="type"/> whose missing package is
    /// <paramref name="problem"/>, or empty when the resolution failed for another reason.
    /// </summary>
    public static string MissingPackageFor(ITypeSymbol type, KnownSymbols known, string problem)
    {
        if (known.MemoryPackValueFormatter is not null)
            return "";
        INamedTypeSymbol? found = Find(type, problem, depth: 0);
        return found is null ? "" : found.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
    }

    // The resolution stops at its first problem, so the type whose sentence it reported is the one to name.
    private static INamedTypeSymbol? Find(ITypeSymbol type, string problem, int depth)
    {
        if (depth > 32)
            return null;
        if (type is IArrayTypeSymbol array)
            return Find(array.ElementType, problem, depth + 1);
        if (type is not INamedTypeSymbol named)
            return null;
        if (IsMemoryPackable(named) && MissingPackageProblem(named) == problem)
            return named;
        foreach (ITypeSymbol argument in named.TypeArguments)
        {
            if (Find(argument, problem, depth + 1) is { } found)
                return found;
        }

        return null;
    }
}
