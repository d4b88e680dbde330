using Microsoft.CodeAnalysis;
using Romp.Generators.Diagnostics;

namespace Romp.Generators.Parsing;

/// <summary>
/// A remote method's own parameters and result that are not plain values (<see cref="CallScopedTypes"/>): resolves a
/// <c>Stream</c>, a <c>PipeReader</c> and an <c>IProgress&lt;T&gt;</c> where they may be, and explains, with their own
/// diagnostics, why these and <c>IObservable&lt;T&gt;</c> cannot be anywhere else. Everything else is
/// <see cref="TypeParser"/>'s.
/// </summary>
internal static class CallValueParser
{
    private const string Formatters = "global::Romp.CompilerServices.";

    /// <summary>A diagnostic to report instead of the generic one, with its message arguments.</summary>
    public readonly record struct Explanation(DiagnosticDescriptor Descriptor, object[] Arguments);

    /// <summary>A method's own parameter of one of these types, resolved (or failed); null for any other type.</summary>
    public static TypeParser.Resolution? ResolveParameter(ITypeSymbol type, KnownSymbols known)
    {
        if (CallScopedTypes.IsProgress(type, known))
            return ProgressParser.Resolve((INamedTypeSymbol)type, known);
        return ResolveByteStream(type, known);
    }

    /// <summary>A method's own result (not a stream's item) that is a byte stream, resolved; null for any other type.</summary>
    public static TypeParser.Resolution? ResolveResult(ITypeSymbol type, KnownSymbols known) => ResolveByteStream(type, known);

    /// <summary>
    /// Why <paramref name="type"/>, which did not resolve, cannot travel where it is, when one of these types is the
    /// reason; null to report the generic diagnostic. <paramref name="subject"/> names the place ("Parameter 'x' of
    /// 'IFoo.M'"), <paramref name="problem"/> is the resolution's, and <paramref name="parameter"/> says the place is a
    /// method's own parameter, where a progress object may be (so that one failed for its reports' type).
    /// </summary>
    public static Explanation? Explain(ITypeSymbol type, string subject, string problem, bool parameter, KnownSymbols known)
    {
        string shown = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        if (parameter && CallScopedTypes.IsProgress(type, known))
        {
            string item = ((INamedTypeSymbol)type).TypeArguments[0].ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            return new Explanation(RompDiagnostics.ProgressItemNotMarshallable, [subject, item, problem]);
        }

        if (CallScopedTypes.IsObservable(type, known))
            return new Explanation(RompDiagnostics.ObservableNotSupported, [subject, shown]);
        if (CallScopedTypes.BetterDeclaration(type, known) is { } better)
            return new Explanation(RompDiagnostics.DeclareAsSentType, [subject, shown, better]);
        if (CallScopedTypes.FindInside(type, known) is { } inside)
        {
            string advice = CallScopedTypes.IsProgress(inside, known)
                ? "An IProgress<T> travels only as a remote method's own parameter."
                : "A Stream or PipeReader travels only as a remote method's own parameter or result (inside another value, send the bytes as byte[]).";
            return new Explanation(RompDiagnostics.CallScopedValueMisplaced,
                [subject, shown, inside.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat), advice]);
        }

        return null;
    }

    private static TypeParser.Resolution? ResolveByteStream(ITypeSymbol type, KnownSymbols known)
    {
        if (!CallScopedTypes.IsByteStream(type, known))
            return null;
        bool isStream = SymbolEqualityComparer.Default.Equals(type, known.Stream);
        string name = isStream ? "Stream" : "PipeReader";
        string formatter = Formatters + (isStream ? "ByteStreamFormatter" : "PipeReaderFormatter") + ".Instance";
        // Both travel as the same byte stream, so both are spelled "bytestream" in a signature (docs/protocol.md §4.3).
        return new TypeParser.Resolution(TypeParser.CreateModel(type, formatter, name), "bytestream", "", HasErrorType: false, name);
    }
}
