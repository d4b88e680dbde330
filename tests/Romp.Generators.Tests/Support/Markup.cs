using Microsoft.CodeAnalysis.Text;

namespace Romp.Generators.Tests.Support;

/// <summary>Source with one span marked <c>[|...|]</c>: the place a diagnostic is expected.</summary>
internal static class Markup
{
    public static (string Source, TextSpan Span) Parse(string markup)
    {
        int start = markup.IndexOf("[|", StringComparison.Ordinal);
        int end = markup.IndexOf("|]", StringComparison.Ordinal);
        Assert.That(start >= 0 && end > start, Is.True, "the source must mark one span with [|...|]");
        string source = markup.Remove(end, 2).Remove(start, 2);
        return (source, TextSpan.FromBounds(start, end - 2));
    }
}
