using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>
/// The types that live as long as a call and so travel only as a remote method's own parameter (or result): a
/// <c>Stream</c> or <c>PipeReader</c>, sent as a byte stream of the call, and an <c>IProgress&lt;T&gt;</c>, sent as a
/// block. Also the types near them that cannot travel at all, with the declaration that can (docs/diagnostics.md,
/// ROMP0040 to ROMP0044).
/// </summary>
internal static class CallScopedTypes
{
    /// <summary>Whether <paramref name="type"/> is exactly <c>Stream</c> or <c>PipeReader</c>: a byte stream.</summary>
    public static bool IsByteStream(ITypeSymbol type, KnownSymbols known) => Same(type, known.Stream) || Same(type, known.PipeReader);

    /// <summary>Whether <paramref name="type"/> is <c>IProgress&lt;T&gt;</c>.</summary>
    public static bool IsProgress(ITypeSymbol type, KnownSymbols known) => KnownSymbols.Is(type, known.IProgress);

    /// <summary>Whether <paramref name="type"/> is <c>IObservable&lt;T&gt;</c>, which Romp does not marshal.</summary>
    public static bool IsObservable(ITypeSymbol type, KnownSymbols known) => KnownSymbols.Is(type, known.IObservable);

    /// <summary>
    /// The declaration to use for a type derived from one Romp sends: <c>Stream</c> for a <c>FileStream</c>,
    /// <c>PipeReader</c> for a reader of its own, <c>IProgress&lt;T&gt;</c> for <c>Progress&lt;T&gt;</c>; null for any other.
    /// </summary>
    public static string? BetterDeclaration(ITypeSymbol type, KnownSymbols known)
    {
        if (type is not INamedTypeSymbol named || type.TypeKind != TypeKind.Class)
            return null;
        if (DerivesFrom(named, known.Stream))
            return "System.IO.Stream";
        if (DerivesFrom(named, known.PipeReader))
            return "System.IO.Pipelines.PipeReader";
        for (INamedTypeSymbol? current = named; current is not null; current = current.BaseType)
        {
            if (KnownSymbols.Is(current, known.Progress))
                return "System.IProgress<" + current.TypeArguments[0].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat) + ">";
        }

        return null;
    }

    /// <summary>
    /// A byte stream or progress type inside <paramref name="type"/> (itself, an element, a type argument), or null.
    /// A delegate's signature is not looked into: a block says for itself why it cannot be one.
    /// </summary>
    public static ITypeSymbol? FindInside(ITypeSymbol type, KnownSymbols known)
    {
        if (IsByteStream(type, known) || IsProgress(type, known) || BetterDeclaration(type, known) is not null)
            return type;
        switch (type)
        {
            case IArrayTypeSymbol array:
                return FindInside(array.ElementType, known);
            case INamedTypeSymbol { TypeKind: not TypeKind.Delegate } named:
                foreach (ITypeSymbol argument in named.TypeArguments)
                {
                    if (FindInside(argument, known) is { } inside)
                        return inside;
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// Why <paramref name="type"/> cannot be marshalled inside another value (a member, an element, a stream's item), when
    /// it is one of these types; null otherwise. The first sentence of ROMP0007, ROMP0008 and ROMP0101's advice.
    /// </summary>
    public static string? Problem(INamedTypeSymbol type, KnownSymbols known)
    {
        if (IsByteStream(type, known) || DerivesFrom(type, known.Stream) || DerivesFrom(type, known.PipeReader))
            return "A Stream or PipeReader travels only as a remote method's own parameter or result, where Romp sends its bytes as a byte stream of the call (declare it as Stream, not as a derived type such as FileStream); inside another value, send the bytes as byte[].";
        if (IsProgress(type, known) || BetterDeclaration(type, known) is not null)
            return "An IProgress<T> travels only as a remote method's own parameter, declared as IProgress<T>, where the callee's reports reach it during the call.";
        if (IsObservable(type, known))
            return "Romp does not marshal IObservable<T>: return IAsyncEnumerable<T> instead, which Romp streams with flow control.";
        return null;
    }

    private static bool DerivesFrom(INamedTypeSymbol type, INamedTypeSymbol? baseType)
    {
        if (baseType is null)
            return false;
        for (INamedTypeSymbol? current = type.BaseType; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current, baseType))
                return true;
        }

        return false;
    }

    private static bool Same(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);
}
