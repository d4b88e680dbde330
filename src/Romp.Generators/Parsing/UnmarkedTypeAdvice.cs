using System;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// The advice for a type Romp has no formatter for and that is not <c>[RompSerializable]</c>. "Mark it" is only advice
/// when the user owns the source, so the sentence depends on where the type is declared.
/// </summary>
internal static class UnmarkedTypeAdvice
{
    public static string For(INamedTypeSymbol type, Compilation compilation)
    {
        string name = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        if (IsJson(type))
        {
            return $"Send the JSON as a string (for example '{type.Name}.ToString()' or 'JsonSerializer.Serialize') and parse it on the other side, " +
                "or declare a [RompSerializable] type with the members you need.";
        }

        if (SymbolEqualityComparer.Default.Equals(type.ContainingAssembly, compilation.Assembly))
            return $"Mark '{name}' [RompSerializable], or use a supported type.";

        if (IsFramework(type.ContainingAssembly))
        {
            return $"'{name}' is a .NET library type that Romp has no formatter for, and it cannot be marked [RompSerializable]; " +
                "send the data it holds as supported types, or in a [RompSerializable] type of your own.";
        }

        return $"'{name}' is declared in the referenced assembly '{type.ContainingAssembly.Name}': mark it [RompSerializable] in that project, " +
            "or send its data in a [RompSerializable] type of your own.";
    }

    private static bool IsJson(INamedTypeSymbol type)
    {
        string ns = type.ContainingNamespace?.ToDisplayString() ?? "";
        return ns is "System.Text.Json" or "System.Text.Json.Nodes" or "Newtonsoft.Json.Linq";
    }

    // The runtime's and the SDK's own assemblies, which no user can add an attribute to.
    private static bool IsFramework(IAssemblySymbol assembly)
    {
        string name = assembly.Name;
        return name is "System" or "mscorlib" or "netstandard"
            || name.StartsWith("System.", StringComparison.Ordinal)
            || name.StartsWith("Microsoft.", StringComparison.Ordinal);
    }
}
