using System;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// How a <c>[RompSerializable]</c> exception's members are collected: System.Exception's own (StackTrace, Data,
/// InnerException, HResult, Source, HelpLink, TargetSite) never travel, and its Message travels only as the argument
/// of a public constructor parameter named <c>message</c>, the one way a formatter can give an exception its message.
/// </summary>
internal static class ExceptionMembers
{
    /// <summary>Whether <paramref name="type"/> is System.Exception itself, where collecting members stops.</summary>
    public static bool IsSystemException(INamedTypeSymbol type) =>
        type.Name == "Exception" && type.ContainingType is null &&
        type.ContainingNamespace is { Name: "System", ContainingNamespace.IsGlobalNamespace: true };

    /// <summary>Whether <paramref name="type"/> derives from System.Exception.</summary>
    public static bool IsException(ITypeSymbol type)
    {
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsSystemException(current))
                return true;
        }

        return false;
    }

    /// <summary>
    /// Exception.Message, when <paramref name="type"/> is an exception with a public constructor that takes
    /// <c>string message</c>: then the message is one of its members, and that constructor can be chosen.
    /// </summary>
    public static IPropertySymbol? MessageMember(INamedTypeSymbol type)
    {
        if (!IsException(type) || !type.InstanceConstructors.Any(static c => c.DeclaredAccessibility == Accessibility.Public && c.Parameters.Any(IsMessage)))
            return null;
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (IsSystemException(current))
                return current.GetMembers("Message").OfType<IPropertySymbol>().FirstOrDefault();
        }

        return null;
    }

    private static bool IsMessage(IParameterSymbol parameter) =>
        string.Equals(parameter.Name, "message", StringComparison.OrdinalIgnoreCase) && parameter.Type.SpecialType == SpecialType.System_String;
}
