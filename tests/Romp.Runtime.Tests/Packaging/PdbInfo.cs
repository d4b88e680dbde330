namespace Romp.Tests.Packaging;

/// <summary>What a portable pdb tells a debugger about its sources.</summary>
/// <param name="SourceLink">The Source Link map: a document path pattern (ending in *) → its URL pattern.</param>
/// <param name="DocumentsWithCode">The source documents a debugger can stop in (those with sequence points).</param>
/// <param name="Embedded">The documents whose text is embedded in the pdb.</param>
internal sealed record PdbInfo(IReadOnlyDictionary<string, string> SourceLink, IReadOnlyList<string> DocumentsWithCode, IReadOnlySet<string> Embedded)
{
    /// <summary>The URL a debugger would fetch <paramref name="document"/> from, or null when no map entry covers it.</summary>
    public string? UrlOf(string document)
    {
        foreach ((string pattern, string url) in SourceLink)
        {
            string prefix = pattern.TrimEnd('*');
            if (pattern.EndsWith('*') && document.StartsWith(prefix, StringComparison.Ordinal))
                return url.TrimEnd('*') + document[prefix.Length..].Replace('\\', '/');
            if (pattern == document)
                return url;
        }

        return null;
    }
}
