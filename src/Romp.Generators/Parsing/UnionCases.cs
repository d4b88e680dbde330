using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Romp.Generators.Diagnostics;

namespace Romp.Generators.Parsing;

/// <summary>
/// The <c>[RompUnion]</c> cases a type declares, read from its attributes, and the rules they must follow. Shared by the
/// union parser (which reports the broken rules), the type parser (which refuses a broken union where it is used, so no
/// generated code names a formatter that was never written) and the describe metadata.
/// </summary>
internal static class UnionCases
{
    /// <summary>The largest tag: a tag travels as a uint16.</summary>
    public const int MaxTag = ushort.MaxValue;

    /// <summary>One <c>[RompUnion(tag, typeof(Case))]</c>; <see cref="Type"/> is null when the compiler reports the typeof.</summary>
    public readonly record struct Case(int Tag, INamedTypeSymbol? Type, AttributeData Attribute);

    /// <summary>
    /// A broken rule: its descriptor (null when the <c>[RompSerializable]</c> rules report it), the attribute it concerns
    /// (null for the type itself) and the message arguments.
    /// </summary>
    public readonly record struct Problem(DiagnosticDescriptor? Descriptor, AttributeData? Attribute, object[] Arguments);

    public static bool IsUnion(INamedTypeSymbol type, KnownSymbols known) => TypeParser.HasAttribute(type, known.RompUnionAttribute);

    /// <summary>The cases in declaration order; attributes the compiler already reports as malformed are left out.</summary>
    public static List<Case> Read(INamedTypeSymbol type, KnownSymbols known)
    {
        var cases = new List<Case>();
        foreach (AttributeData attribute in type.GetAttributes())
        {
            if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.RompUnionAttribute)
                || attribute.ConstructorArguments.Length != 2
                || attribute.ConstructorArguments[0].Value is not int tag)
            {
                continue;
            }

            INamedTypeSymbol? caseType = attribute.ConstructorArguments[1].Value as INamedTypeSymbol;
            cases.Add(new Case(tag, caseType is null || caseType.TypeKind == TypeKind.Error ? null : caseType, attribute));
        }

        return cases;
    }

    /// <summary>
    /// The rules <paramref name="type"/>'s union breaks, in the order a user would fix them. A base that is not
    /// <c>[RompSerializable]</c>, or not abstract, stops there: its cases mean nothing yet. A generic or inaccessible
    /// base is reported by the <c>[RompSerializable]</c> rules and counts as one problem, without a descriptor.
    /// </summary>
    public static List<Problem> Validate(INamedTypeSymbol type, List<Case> cases, KnownSymbols known)
    {
        var problems = new List<Problem>();
        string name = Display(type);
        if (!TypeParser.HasAttribute(type, known.RompSerializableAttribute))
        {
            problems.Add(new Problem(RompDiagnostics.UnionNotSerializable, null, [name]));
            return problems;
        }

        if (type.IsGenericType || TypeParser.IsNestedInGeneric(type) || ObjectParser.DescribeInaccessibility(type) is not null)
        {
            problems.Add(new Problem(null, null, []));
            return problems;
        }

        if (!type.IsAbstract || type.IsStatic || type.TypeKind != TypeKind.Class)
        {
            problems.Add(new Problem(RompDiagnostics.UnionNotAbstract, null, [name, type.IsStatic ? "static" : "not abstract"]));
            return problems;
        }

        var tags = new Dictionary<int, INamedTypeSymbol>();
        var listed = new Dictionary<INamedTypeSymbol, int>(SymbolEqualityComparer.Default);
        foreach (Case @case in cases)
        {
            if (@case.Tag < 0 || @case.Tag > MaxTag)
            {
                problems.Add(new Problem(RompDiagnostics.UnionTagOutOfRange, @case.Attribute, [name, @case.Tag, @case.Type is null ? "?" : Display(@case.Type), MaxTag]));
                continue;
            }

            if (@case.Type is not { } caseType)
                continue;
            string caseName = Display(caseType);
            if (!DerivesFrom(caseType, type))
            {
                problems.Add(new Problem(RompDiagnostics.UnionCaseNotDerived, @case.Attribute, [name, caseName]));
                continue;
            }

            if (listed.TryGetValue(caseType, out int firstTag))
            {
                problems.Add(new Problem(RompDiagnostics.UnionCaseListedTwice, @case.Attribute, [name, caseName, firstTag, @case.Tag]));
                continue;
            }

            if (tags.TryGetValue(@case.Tag, out INamedTypeSymbol? holder))
            {
                problems.Add(new Problem(RompDiagnostics.UnionDuplicateTag, @case.Attribute, [name, @case.Tag, Display(holder), caseName]));
                continue;
            }

            tags.Add(@case.Tag, caseType);
            listed.Add(caseType, @case.Tag);
            if (CaseProblem(caseType, known) is { } problem)
                problems.Add(new Problem(RompDiagnostics.UnionCaseNotMarshallable, @case.Attribute, [name, caseName, problem]));
        }

        return problems;
    }

    /// <summary>Why <paramref name="caseType"/> cannot travel as a case, or null when it can.</summary>
    private static string? CaseProblem(INamedTypeSymbol caseType, KnownSymbols known)
    {
        if (!TypeParser.HasAttribute(caseType, known.RompSerializableAttribute))
            return $"Mark '{Display(caseType)}' [RompSerializable].";
        if (caseType.IsAbstract && !IsUnion(caseType, known))
            return $"It is abstract, so no value of it can be created: list its derived types with [RompUnion(tag, typeof(Derived))] on '{Display(caseType)}' (a nested union), or list them here instead.";
        TypeParser.Resolution resolution = TypeParser.Resolve(caseType, known);
        return resolution.Model is null && !resolution.HasErrorType ? resolution.Problem : null;
    }

    /// <summary>A tag no case uses, for advice: one past the highest, or the lowest free one when the highest is <see cref="MaxTag"/>.</summary>
    public static int FreeTag(List<Case> cases)
    {
        var used = new HashSet<int>();
        int highest = -1;
        foreach (Case @case in cases)
        {
            used.Add(@case.Tag);
            if (@case.Tag > highest && @case.Tag <= MaxTag)
                highest = @case.Tag;
        }

        if (highest < MaxTag)
            return highest + 1;
        int free = 0;
        while (used.Contains(free))
            free++;
        return free;
    }

    /// <summary>Whether <paramref name="type"/> derives, directly or not, from <paramref name="baseType"/> (and is not it).</summary>
    public static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol baseType)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
                return true;
        }

        return false;
    }

    public static string Display(ITypeSymbol type) => type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
}
