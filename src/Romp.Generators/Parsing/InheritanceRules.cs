using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Romp.Generators.Diagnostics;

namespace Romp.Generators.Parsing;

/// <summary>
/// The rule that keeps a derived <c>[RompSerializable]</c> type from being sliced: its nearest <c>[RompSerializable]</c>
/// base must be a union that lists it as a case (or a concrete type, when a union further up lists it). A concrete base
/// would send it as itself, without the derived members; a union that does not list it could not send it at all.
/// Checked on the derived type, which knows its bases.
/// </summary>
internal static class InheritanceRules
{
    public static Diagnostic? Check(INamedTypeSymbol type, KnownSymbols known, Location location)
    {
        INamedTypeSymbol? serializableBase = NearestSerializableBase(type, known);
        if (serializableBase is null)
            return null;
        string name = UnionCases.Display(type);
        string baseName = UnionCases.Display(serializableBase);
        if (!serializableBase.IsAbstract)
        {
            // Exceptions form hierarchies by nature, and a fault travels only as the exact type a method declares
            // (an undeclared subclass arrives as a RemoteException), so a fault is never sliced either.
            if (DerivesFrom(type, known.Exception))
                return null;

            // A case of a union further up travels as itself where that union is declared; where the concrete base
            // is, its formatter refuses it at run time rather than slicing it.
            return IsCaseOfAUnionAbove(type, known) ? null : Diagnostic.Create(RompDiagnostics.DerivedFromConcreteSerializable, location, name, baseName);
        }

        if (!UnionCases.IsUnion(serializableBase, known))
            return null; // an abstract base without cases has no formatter, and its own diagnostic says so

        List<UnionCases.Case> cases = UnionCases.Read(serializableBase, known);
        foreach (UnionCases.Case @case in cases)
        {
            if (SymbolEqualityComparer.Default.Equals(@case.Type, type))
                return null;
        }

        string attribute = $"[RompUnion({UnionCases.FreeTag(cases).ToString(System.Globalization.CultureInfo.InvariantCulture)}, typeof({name}))]";
        string fix = SymbolEqualityComparer.Default.Equals(serializableBase.ContainingAssembly, type.ContainingAssembly)
            ? $"Add {attribute} to '{baseName}'."
            : $"A union can list only types its own assembly can name: declare '{name}' in '{serializableBase.ContainingAssembly.Name}', beside '{baseName}', and add {attribute} to '{baseName}'.";
        return Diagnostic.Create(RompDiagnostics.DerivedNotAUnionCase, location, name, baseName, fix);
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? ancestor)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, ancestor))
                return true;
        }

        return false;
    }

    private static bool IsCaseOfAUnionAbove(INamedTypeSymbol type, KnownSymbols known)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (!current.IsAbstract || !UnionCases.IsUnion(current, known))
                continue;
            foreach (UnionCases.Case @case in UnionCases.Read(current, known))
            {
                if (SymbolEqualityComparer.Default.Equals(@case.Type, type))
                    return true;
            }
        }

        return false;
    }

    private static INamedTypeSymbol? NearestSerializableBase(INamedTypeSymbol type, KnownSymbols known)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (TypeParser.HasAttribute(current, known.RompSerializableAttribute))
                return current;
        }

        return null;
    }
}
