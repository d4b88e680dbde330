using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace Romp.Tests.Docs;

/// <summary>
/// Every C# block in README.md is a <c>#region README</c> of samples/Snippets, which builds (and runs) with the
/// solution: a README example that stops compiling fails the build, and one that drifts from the sample fails here.
/// </summary>
public sealed partial class ReadmeSnippetTests
{
    [Test]
    public void Readme_EveryCSharpBlock_IsARegionOfTheSnippetsSample()
    {
        List<string> blocks = CSharpBlocks(File.ReadAllText(Path.Combine(RepositoryRoot(), "README.md")));
        List<string> regions = Regions();

        Assert.That(blocks, Is.Not.Empty);
        foreach (string block in blocks)
            Assert.That(regions, Does.Contain(block), "This README block is not a #region README of samples/Snippets:\n" + block);
        foreach (string region in regions)
            Assert.That(blocks, Does.Contain(region), "This #region README of samples/Snippets is not in README.md:\n" + region);
    }

    private static List<string> CSharpBlocks(string markdown) =>
        CSharpBlock().Matches(Normalize(markdown)).Select(static m => m.Groups["code"].Value.TrimEnd()).ToList();

    private static List<string> Regions()
    {
        var regions = new List<string>();
        foreach (string file in Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples", "Snippets"), "*.cs"))
        {
            foreach (Match region in ReadmeRegion().Matches(Normalize(File.ReadAllText(file))))
            {
                int indent = region.Groups["indent"].Value.Length;
                IEnumerable<string> lines = region.Groups["code"].Value.TrimEnd().Split('\n')
                    .Select(line => line.Length >= indent && string.IsNullOrWhiteSpace(line[..indent]) ? line[indent..] : line.TrimStart());
                regions.Add(string.Join('\n', lines));
            }
        }

        return regions;
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n");

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    [GeneratedRegex(@"^```csharp\n(?<code>.*?)^```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^(?<indent>[ ]*)#region README\n(?<code>.*?)^[ ]*#endregion", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ReadmeRegion();
}
