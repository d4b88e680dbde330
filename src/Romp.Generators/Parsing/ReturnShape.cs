using Microsoft.CodeAnalysis;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>Classifies a declared result (of a remote method or of a block) and writes its wire spelling.</summary>
internal static class ReturnShape
{
    /// <summary>The shape of <paramref name="method"/>'s result and the type that is marshalled, if any.</summary>
    public static (ReturnKind Kind, ITypeSymbol? Result) Classify(IMethodSymbol method, KnownSymbols known)
    {
        ITypeSymbol type = method.ReturnType;
        if (method.ReturnsVoid)
            return (ReturnKind.Void, null);
        if (Same(type, known.Task))
            return (ReturnKind.Task, null);
        if (Same(type, known.ValueTask))
            return (ReturnKind.ValueTask, null);
        if (KnownSymbols.Is(type, known.TaskOfT))
            return (ReturnKind.TaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]);
        if (KnownSymbols.Is(type, known.ValueTaskOfT))
            return (ReturnKind.ValueTaskOfT, ((INamedTypeSymbol)type).TypeArguments[0]);
        if (KnownSymbols.Is(type, known.AsyncEnumerable))
            return (ReturnKind.AsyncEnumerable, ((INamedTypeSymbol)type).TypeArguments[0]);
        return (ReturnKind.Value, type);
    }

    /// <summary>
    /// The result's wire spelling in a signature, from that of the marshalled result: what the answer carries, so
    /// <c>void</c>, <c>Task</c> and <c>ValueTask</c> are all <c>void</c>, and <c>T</c>, <c>Task&lt;T&gt;</c> and
    /// <c>ValueTask&lt;T&gt;</c> are all <c>T</c>.
    /// </summary>
    public static string Canonical(ReturnKind kind, string result) => kind switch
    {
        ReturnKind.Void or ReturnKind.Task or ReturnKind.ValueTask => "void",
        ReturnKind.AsyncEnumerable => "stream<" + result + ">",
        _ => result,
    };

    /// <summary>The declared result as part of a generated name: <c>ValueTaskOfString</c> for <c>ValueTask&lt;string&gt;</c>.</summary>
    public static string Mangled(ReturnKind kind, string result) => kind switch
    {
        ReturnKind.Void => "",
        ReturnKind.Task => "Task",
        ReturnKind.ValueTask => "ValueTask",
        ReturnKind.TaskOfT => "TaskOf" + result,
        ReturnKind.ValueTaskOfT => "ValueTaskOf" + result,
        ReturnKind.AsyncEnumerable => "AsyncEnumerableOf" + result,
        _ => result,
    };

    private static bool Same(ITypeSymbol type, INamedTypeSymbol? known) =>
        known is not null && SymbolEqualityComparer.Default.Equals(type, known);
}
