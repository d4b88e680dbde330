using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Model;

/// <summary>
/// What parsing one attributed declaration produced: the model when it can be emitted, and the diagnostics to report.
/// The diagnostics travel on their own pipeline branch, so a change that only moves them re-reports without re-emitting.
/// </summary>
internal readonly record struct ParseResult<T>(T? Model, ImmutableArray<Diagnostic> Diagnostics)
    where T : class
{
    public static ParseResult<T> Failed(ImmutableArray<Diagnostic> diagnostics) => new(null, diagnostics);

    // ImmutableArray compares by reference, and Diagnostic compares its message arguments by reference: compare what is
    // reported instead, so a result that did not change stays Unchanged and its diagnostics are not reported again.
    public bool Equals(ParseResult<T> other)
    {
        if (!Equals(Model, other.Model))
            return false;
        ImmutableArray<Diagnostic> left = Diagnostics.IsDefault ? ImmutableArray<Diagnostic>.Empty : Diagnostics;
        ImmutableArray<Diagnostic> right = other.Diagnostics.IsDefault ? ImmutableArray<Diagnostic>.Empty : other.Diagnostics;
        if (left.Length != right.Length)
            return false;
        for (int i = 0; i < left.Length; i++)
        {
            if (!SameDiagnostic(left[i], right[i]))
                return false;
        }

        return true;
    }

    public override int GetHashCode() => Model?.GetHashCode() ?? 0;

    private static bool SameDiagnostic(Diagnostic left, Diagnostic right) =>
        left.Id == right.Id &&
        left.Severity == right.Severity &&
        left.Location.Equals(right.Location) &&
        left.GetMessage(CultureInfo.InvariantCulture) == right.GetMessage(CultureInfo.InvariantCulture);
}
