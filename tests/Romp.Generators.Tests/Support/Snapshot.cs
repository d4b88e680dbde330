using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Tests.Support;

/// <summary>
/// Compares generated files with <c>Snapshots/{Test}/{HintName}.verified.cs</c> next to the test source. Run with
/// <c>ROMP_ACCEPT_SNAPSHOTS=1</c> to rewrite them, then review the git diff.
/// </summary>
internal static partial class Snapshot
{
    public static void Match(IReadOnlyList<GeneratedSourceResult> sources, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        string dir = Path.Combine(Path.GetDirectoryName(testFile)!, "Snapshots", test);
        bool accept = Environment.GetEnvironmentVariable("ROMP_ACCEPT_SNAPSHOTS") == "1";
        var expectedFiles = new HashSet<string>(StringComparer.Ordinal);
        foreach (GeneratedSourceResult s in sources)
        {
            string actual = Normalize(s.SourceText.ToString());   // LF endings, generator version replaced by "0.0.0.0"
            string path = Path.Combine(dir, s.HintName.Replace(".g.cs", ".verified.cs"));
            expectedFiles.Add(Path.GetFileName(path));
            string received = path.Replace(".verified.cs", ".received.cs");
            if (File.Exists(received)) File.Delete(received);   // a leftover from an earlier failing run
            if (accept) { Directory.CreateDirectory(dir); File.WriteAllText(path, actual); continue; }
            string expected = File.Exists(path) ? Normalize(File.ReadAllText(path)) : "";
            if (actual != expected) File.WriteAllText(received, actual);
            Assert.That(actual, Is.EqualTo(expected), $"{s.HintName} differs; rerun with ROMP_ACCEPT_SNAPSHOTS=1 and review the git diff");
        }

        string[] onDisk = Directory.Exists(dir)
            ? Directory.GetFiles(dir, "*.verified.cs").Select(Path.GetFileName).Select(static f => f!).ToArray()
            : [];
        string[] stale = onDisk.Where(f => !expectedFiles.Contains(f)).OrderBy(static f => f, StringComparer.Ordinal).ToArray();
        if (accept)
        {
            foreach (string file in stale)
                File.Delete(Path.Combine(dir, file));
            return;
        }

        Assert.That(stale, Is.Empty, "snapshots no longer generated; rerun with ROMP_ACCEPT_SNAPSHOTS=1 to delete them");
    }

    private static string Normalize(string text) =>
        VersionPattern().Replace(text.Replace("\r\n", "\n"), "GeneratedCode(\"Romp.Generators\", \"0.0.0.0\")");

    [GeneratedRegex("GeneratedCode\\(\"Romp\\.Generators\", \"[^\"]*\"\\)")]
    private static partial Regex VersionPattern();
}
