using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Resolves an <c>IProgress&lt;T&gt;</c> parameter: a block whose one method, id 1, is <c>Report(T)</c>. The runtime's
/// <c>ProgressFormatter&lt;T&gt;</c> is its proxy, dispatcher and formatter, so all the generator writes is that
/// formatter with the progress object's contract id: the FNV-1a hash of <c>progress</c> and the canonical type.
/// </summary>
internal static class ProgressParser
{
    /// <summary>The start of a progress object's contract name, for messages: <c>progress System.IProgress&lt;int&gt;</c>.</summary>
    private const string DisplayPrefix = "progress ";

    /// <summary>The progress parameter, or a failure whose problem says why its <c>T</c> cannot be marshalled.</summary>
    public static TypeParser.Resolution Resolve(INamedTypeSymbol type, KnownSymbols known)
    {
        ITypeSymbol item = type.TypeArguments[0];
        if (item.TypeKind == TypeKind.Delegate)
            return TypeParser.Resolution.Failed("A progress report cannot be a delegate; report a value.");
        if (KnownSymbols.Is(item, known.CancellationToken))
            return TypeParser.Resolution.Failed("A progress report cannot be a CancellationToken; report a value.");

        TypeParser.Resolution resolved = TypeParser.Resolve(item, known);
        if (resolved.Model is not { } model)
            return resolved;

        // Its wire spelling (docs/protocol.md §4.3), whose hash is the progress object's contract id.
        string canonical = "progress<" + resolved.Canonical + ">";
        string name = DisplayPrefix + type.ToDisplayString(TypeParser.ObliviousDisplayFormat);
        string formatter = $"new global::Romp.CompilerServices.ProgressFormatter<{item.ToDisplayString(TypeParser.ObliviousFormat)}>(" +
            $"{model.Formatter}, {ContractId.Literal(ContractId.Compute(canonical))}, {SymbolDisplay.FormatLiteral(name, quote: true)})";
        string mangled = "ProgressOf" + resolved.Mangled;
        TypeModel progress = TypeParser.CreateModel(type, formatter, mangled);
        return new TypeParser.Resolution(progress, canonical, "", HasErrorType: false, mangled);
    }
}
