using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Romp.Generators.Parsing;

/// <summary>
/// The C# expression of a constructor parameter's default value, which a formatter passes when the peer did not send the
/// member: <c>record Order(int Id, string Note = "none")</c> read from a peer without <c>Note</c> gets <c>"none"</c>.
/// </summary>
internal static class ParameterDefaults
{
    /// <summary>The expression; <c>default!</c> for a parameter without a default value.</summary>
    public static string Expression(IParameterSymbol? parameter)
    {
        if (parameter is not { HasExplicitDefaultValue: true })
            return "default!";
        object? value = parameter.ExplicitDefaultValue;
        ITypeSymbol type = parameter.Type is INamedTypeSymbol { OriginalDefinition.SpecialType: SpecialType.System_Nullable_T } nullable
            ? nullable.TypeArguments[0]
            : parameter.Type;
        if (value is null)
            return "default!";
        if (type.TypeKind == TypeKind.Enum)
            return "(" + type.ToDisplayString(TypeParser.ObliviousFormat) + ")(" + Literal(value) + ")";
        return Literal(value);
    }

    private static string Literal(object value) => value switch
    {
        string text => SymbolDisplay.FormatLiteral(text, quote: true),
        char c => SymbolDisplay.FormatLiteral(c, quote: true),
        bool b => b ? "true" : "false",
        float f => float.IsNaN(f) ? "float.NaN" : float.IsPositiveInfinity(f) ? "float.PositiveInfinity" : float.IsNegativeInfinity(f) ? "float.NegativeInfinity"
            : f.ToString("R", CultureInfo.InvariantCulture) + "F",
        double d => double.IsNaN(d) ? "double.NaN" : double.IsPositiveInfinity(d) ? "double.PositiveInfinity" : double.IsNegativeInfinity(d) ? "double.NegativeInfinity"
            : d.ToString("R", CultureInfo.InvariantCulture) + "D",
        decimal m => m.ToString(CultureInfo.InvariantCulture) + "M",
        long l => "(long)" + l.ToString(CultureInfo.InvariantCulture),
        ulong u => u.ToString(CultureInfo.InvariantCulture) + "UL",
        uint u => u.ToString(CultureInfo.InvariantCulture) + "U",
        int i => "(int)" + i.ToString(CultureInfo.InvariantCulture),
        short s => "(short)" + s.ToString(CultureInfo.InvariantCulture),
        ushort s => "(ushort)" + s.ToString(CultureInfo.InvariantCulture),
        byte b => "(byte)" + b.ToString(CultureInfo.InvariantCulture),
        sbyte s => "(sbyte)" + s.ToString(CultureInfo.InvariantCulture),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? "default!",
    };
}
