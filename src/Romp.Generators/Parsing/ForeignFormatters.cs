using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Finds the generated formatter of a <c>[RompSerializable]</c> type declared in a referenced assembly (a shared contracts
/// project), at compile time: the formatter is public there, marked with <c>[RompGeneratedFormatter]</c>, the type it
/// formats and the version of the encoding it writes. A missing, foreign or other-version formatter is a sentence that
/// says how to fix it, never a formatter that would mis-read the other side's bytes.
/// </summary>
internal static class ForeignFormatters
{
    /// <summary>Why <paramref name="type"/>'s formatter <paramref name="metadataName"/> cannot be used here, or null when it can.</summary>
    public static string? Problem(INamedTypeSymbol type, string metadataName, KnownSymbols known)
    {
        IAssemblySymbol assembly = type.ContainingAssembly;
        string name = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        INamedTypeSymbol? formatter = assembly.GetTypeByMetadataName(metadataName);
        AttributeData? mark = formatter is null ? null : Mark(formatter, known);
        if (mark is null || !SymbolEqualityComparer.Default.Equals(mark.ConstructorArguments[0].Value as ITypeSymbol, type))
        {
            return formatter is not null && !Accessible(formatter, known)
                ? $"'{assembly.Name}' was built by an older Romp generator, whose formatter of '{name}' is internal to it. Build '{assembly.Name}' with the same version of Romp as this project."
                : $"'{name}' is [RompSerializable], but '{assembly.Name}' was compiled without Romp's source generator, so it holds no formatter for it. Reference the Romp package from the project that builds '{assembly.Name}' (the generator comes with it), and rebuild it.";
        }

        if (mark.ConstructorArguments[1].Value is not int format || format != FormatterFormat.Version)
        {
            return $"'{assembly.Name}' was built by a Romp generator whose formatters write encoding version {mark.ConstructorArguments[1].Value}, " +
                $"but this project's generator writes version {FormatterFormat.Version}, so the two would not read each other's '{name}'. " +
                $"Build '{assembly.Name}' and this project with the same version of Romp.";
        }

        if (!Accessible(formatter!, known))
            return $"The formatter of '{name}' is internal to '{assembly.Name}', because '{name}' is not public. Make '{name}' and its containing types public.";
        return null;
    }

    private static AttributeData? Mark(INamedTypeSymbol formatter, KnownSymbols known)
    {
        foreach (AttributeData attribute in formatter.GetAttributes())
        {
            if (SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.RompGeneratedFormatterAttribute)
                && attribute.ConstructorArguments.Length == 2)
            {
                return attribute;
            }
        }

        return null;
    }

    private static bool Accessible(INamedTypeSymbol formatter, KnownSymbols known) =>
        known.Compilation.IsSymbolAccessibleWithin(formatter, known.Compilation.Assembly);
}
