using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Romp.Tests.Packaging;

/// <summary>
/// Packs the solution as a release would (<c>dotnet pack -c Release</c>, into a temporary feed and artifacts folder,
/// with a unique prerelease version so that no NuGet cache can serve an older build), reads the packages back, and
/// builds and runs a brand-new app that references them from that feed alone: the generator must work from the
/// package, not only through the solution's project references. Slow (a release build and an app build), so it has
/// its own category.
/// </summary>
[TestFixture]
[Category("Packaging")]
[NonParallelizable]
public sealed partial class PackageTests
{
    // What Directory.Build.props sets as RompRepositoryUrl: the packages' project and repository URL, and Source Link's.
    private const string RepositoryUrl = "https://github.com/romp-dotnet/romp";
    private const string RawContentUrl = "https://raw.githubusercontent.com/romp-dotnet/romp/";

    // The generator is no package of its own: it ships inside Romp.
    private static readonly string[] s_notShippedAlone = ["Romp.Generators"];

    private static readonly string[] s_runtimeFrameworks = ["net8.0", "net9.0", "net10.0"];

    private string _root = "";
    private string _artifacts = "";
    private string _feed = "";
    private string _version = "";
    private string _packLog = "";
    private List<PackageFile> _packages = [];

    [OneTimeSetUp]
    public async Task PackSolution()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _root = Path.Combine(Path.GetTempPath(), $"romp-pack-{Guid.NewGuid():N}");
        _feed = Path.Combine(_root, "feed");
        // The version suffix makes every package version new to the machine's NuGet caches. One alphanumeric
        // identifier: a purely numeric one with a leading zero would not be valid SemVer.
        string suffix = $"packtest-{Guid.NewGuid():N}"[..21];
        Directory.CreateDirectory(_root);

        // An artifacts folder of its own keeps this release build away from the projects' bin/ and obj/ (and from any
        // other build running now). It is in the repository's ignored artifacts/, as the obj/ of a real pack would be:
        // Source Link embeds in the pdb the generated files it finds untracked in the repository, and none outside it.
        _artifacts = Path.Combine(RepositoryRoot(), "artifacts", Path.GetFileName(_root));
        try
        {
            (int exit, string log) = await DotnetCli.RunAsync(RepositoryRoot(),
                ["pack", "Romp.sln", "-c", "Release", "-o", _feed, "--artifacts-path", _artifacts,
                 "--version-suffix", suffix, "-nodeReuse:false"],
                TimeSpan.FromMinutes(9), cancellation.Token);
            Assert.That(exit, Is.EqualTo(0), log);
            _packLog = log;

            _packages = Directory.GetFiles(_feed, "*.nupkg").Order(StringComparer.Ordinal).Select(PackageFile.Open).ToList();
            PackageFile romp = _packages.FirstOrDefault(static p => p.Id == "Romp")
                ?? throw new AssertionException($"no Romp package in {_feed}:\n{log}");
            _version = romp.Value("version");
            Assert.That(_version, Does.EndWith("-" + suffix), log);
        }
        catch
        {
            // NUnit runs the one-time teardown only after a setup that succeeded.
            DeleteTemporaryFolders();
            throw;
        }
    }

    [OneTimeTearDown]
    public void DeleteTemporaryFolders()
    {
        foreach (string folder in new[] { _root, _artifacts })
        {
            if (folder.Length > 0 && Directory.Exists(folder))
                Directory.Delete(folder, recursive: true);
        }

        string parent = Path.Combine(RepositoryRoot(), "artifacts");
        if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any())
            Directory.Delete(parent);
    }

    [Test]
    public void Pack_Solution_PacksEveryShippedProjectOnceWithoutWarnings()
    {
        string[] shipped = Directory.GetDirectories(Path.Combine(RepositoryRoot(), "src"))
            .Where(static d => Directory.GetFiles(d, "*.csproj").Length > 0)
            .Select(static d => Path.GetFileName(d))
            .Except(s_notShippedAlone)
            .ToArray();

        Assert.That(_packages.Select(static p => p.Id), Is.Unique);
        Assert.That(_packages, Has.Count.EqualTo(shipped.Length),
            $"src/ holds {string.Join(", ", shipped)}; the solution packed {string.Join(", ", _packages.Select(static p => p.Name))}: " +
            "a project in src/ ships (and must be in Romp.sln), and nothing outside src/ does");
        Assert.That(_packages.Select(static p => p.Value("version")), Is.All.EqualTo(_version));
        foreach (PackageFile package in _packages)
            Assert.That(File.Exists(Path.Combine(_feed, $"{package.Id}.{_version}.snupkg")), Is.True, $"{package.Name} has no symbol package");
        Assert.That(MSBuildWarning().Matches(_packLog).Select(static m => m.Value), Is.Empty, _packLog);
    }

    [Test]
    public void RompPackage_Files_AreTheRuntimePerFrameworkTheGeneratorReadmeAndLicence()
    {
        PackageFile romp = Package("Romp");

        var expected = new List<string> { "LICENSE", "README.md", "analyzers/dotnet/cs/Romp.Generators.dll" };
        foreach (string framework in s_runtimeFrameworks)
            expected.AddRange([$"lib/{framework}/Romp.Runtime.dll", $"lib/{framework}/Romp.Runtime.xml"]);
        Assert.That(romp.Entries, Is.EquivalentTo(expected));
    }

    [Test]
    public void RompPackage_Dependencies_AreOnlyLoggingDiagnosticsAndPipelinesOnNet8()
    {
        Dictionary<string, List<(string Id, string Version)>> groups = Package("Romp").DependencyGroups();

        Assert.That(groups.Keys, Is.EquivalentTo(s_runtimeFrameworks));
        foreach ((string framework, List<(string Id, string Version)> dependencies) in groups)
        {
            // System.IO.Pipelines is in the shared framework from net9.0 on; net8.0's is older than the API Romp uses.
            string[] allowed = framework == "net8.0"
                ? ["Microsoft.Extensions.Logging.Abstractions", "System.Diagnostics.DiagnosticSource", "System.IO.Pipelines"]
                : ["Microsoft.Extensions.Logging.Abstractions", "System.Diagnostics.DiagnosticSource"];
            Assert.That(dependencies.Select(static d => d.Id), Is.SubsetOf(allowed), framework);
            Assert.That(dependencies.Select(static d => d.Id), Does.Contain("Microsoft.Extensions.Logging.Abstractions"), framework);
        }
    }

    [Test]
    public void EveryPackage_Nuspec_NamesAuthorsLicenceReadmeAndRepositoryAtTheBuiltCommit()
    {
        foreach (PackageFile package in _packages)
        {
            using (Assert.EnterMultipleScope())
            {
                Assert.That(package.Value("authors"), Is.EqualTo("Romp contributors"), package.Name);
                Assert.That(package.Value("description"), Is.Not.Empty.And.Not.EqualTo("Package Description"), package.Name);
                Assert.That(package.Value("copyright"), Does.Contain("Romp contributors"), package.Name);
                Assert.That(package.Value("projectUrl"), Is.EqualTo(RepositoryUrl), package.Name);
                Assert.That(package.Value("tags"), Does.Contain("rpc"), package.Name);

                XElement? license = package.Element("license");
                Assert.That(license?.Value, Is.EqualTo("MIT"), package.Name);
                Assert.That((string?)license?.Attribute("type"), Is.EqualTo("expression"), package.Name);
                Assert.That(package.Entries, Does.Contain("LICENSE"), package.Name);

                Assert.That(package.Value("readme"), Is.EqualTo("README.md"), package.Name);
                Assert.That(package.Entries, Does.Contain("README.md"), package.Name);

                XElement? repository = package.Element("repository");
                Assert.That((string?)repository?.Attribute("type"), Is.EqualTo("git"), package.Name);
                Assert.That((string?)repository?.Attribute("url"), Is.EqualTo(RepositoryUrl), package.Name);
                Assert.That((string?)repository?.Attribute("commit"), Does.Match("^[0-9a-f]{40}$"), package.Name);

                // A package that builds on another of ours takes it at exactly this version; none carries the generator.
                foreach ((string id, string version) in package.DependencyGroups().Values.SelectMany(static d => d))
                {
                    Assert.That(id, Does.Not.StartWith("Microsoft.CodeAnalysis").And.Not.EqualTo("Romp.Generators"), package.Name);
                    if (_packages.Any(p => p.Id == id))
                        Assert.That(version, Is.EqualTo(_version), $"{package.Name} → {id}");
                }
            }
        }
    }

    [Test]
    public void EveryPackage_Libraries_HaveXmlDocsAndPdbsLinkedToTheRepositoryAtTheBuiltCommit()
    {
        // A tool (Romp.Cli) ships an app under tools/, not a library to compile against; Cli/RompToolTests install it.
        foreach (PackageFile package in _packages.Where(static p => !p.IsTool))
        {
            PackageFile symbols = PackageFile.Open(Path.Combine(_feed, $"{package.Id}.{_version}.snupkg"));
            string commit = (string)package.Element("repository")!.Attribute("commit")!;
            string[] libraries = package.Entries.Where(static e => e.StartsWith("lib/", StringComparison.Ordinal) && e.EndsWith(".dll", StringComparison.Ordinal)).ToArray();
            Assert.That(libraries, Is.Not.Empty, package.Name);

            foreach (string library in libraries)
            {
                Assert.That(package.Entries, Does.Contain(Path.ChangeExtension(library, ".xml")), $"{package.Name}: XML docs of {library}");
                string pdb = Path.ChangeExtension(library, ".pdb");
                Assert.That(symbols.Entries, Does.Contain(pdb), $"{symbols.Name}: the pdb of {library}");

                PdbInfo info = symbols.ReadPdb(pdb);
                Assert.That(info.SourceLink.Values, Is.Not.Empty.And.All.EqualTo(RawContentUrl + commit + "/*"), $"{symbols.Name} {pdb}");
                // Every source a debugger may step into is either on the repository at that commit or in the pdb.
                Assert.That(info.DocumentsWithCode, Is.Not.Empty, $"{symbols.Name} {pdb}");
                foreach (string document in info.DocumentsWithCode.Where(d => !info.Embedded.Contains(d)))
                    Assert.That(info.UrlOf(document), Does.StartWith(RawContentUrl + commit + "/src/"), $"{symbols.Name} {pdb}: {document}");
                // Generated files (AssemblyInfo, global usings, generators' output) are in no commit: they are embedded.
                Assert.That(info.Embedded, Has.Some.EndsWith(".AssemblyInfo.cs"), $"{symbols.Name} {pdb}");
            }
        }
    }

    [Test]
    [CancelAfter(600_000)]
    public async Task NewApp_PackagesFromLocalFeedOnly_BuildsWithWarningsAsErrorsAndCallsOverTcp(CancellationToken cancellationToken)
    {
        string app = Path.Combine(_root, "app");
        string packages = Path.Combine(_root, "packages");
        string machinePackages = await MachinePackagesFolderAsync(cancellationToken);
        PackageFile[] libraries = _packages.Where(static p => !p.IsTool).ToArray();
        ConsumerApp.Write(app, _feed, libraries, _version);

        // Offline: the app's nuget.config has the local feed as its only source. What Romp depends on comes from the
        // packages this machine already has, as a read-only fallback folder; the app restores into a folder of its own,
        // so it neither writes to the machine's cache nor finds an old Romp there.
        (int buildExit, string buildLog) = await DotnetCli.RunAsync(app,
            ["build", "-c", "Release", $"-p:RestorePackagesPath={packages}", $"-p:RestoreFallbackFolders={machinePackages}", "-nodeReuse:false"],
            TimeSpan.FromMinutes(5), cancellationToken);
        Assert.That(buildExit, Is.EqualTo(0), buildLog);
        Assert.That(MSBuildWarning().Matches(buildLog).Select(static m => m.Value), Is.Empty, buildLog);

        // Only our packages came from the feed: every other one was found on the machine, none was downloaded.
        Assert.That(Directory.GetDirectories(packages).Select(Path.GetFileName),
            Is.EquivalentTo(libraries.Select(static p => p.Id.ToLowerInvariant())), buildLog);
        Assert.That(Directory.Exists(Path.Combine(machinePackages, "romp", _version)), Is.False, "the machine's cache got the test package");

        string assembly = Path.Combine(app, "bin", "Release", "net10.0", "PackageConsumer.dll");
        (int runExit, string runLog) = await DotnetCli.RunAsync(app, [assembly], TimeSpan.FromSeconds(60), cancellationToken);

        Assert.That(runExit, Is.EqualTo(0), runLog);
        Assert.That(runLog.ReplaceLineEndings("\n").Split('\n'), Does.Contain(ConsumerApp.ExpectedLine), runLog);
        foreach (string framework in ConsumerApp.Frameworks)
            Assert.That(File.Exists(Path.Combine(app, "bin", "Release", framework, "Romp.Runtime.dll")), Is.True, $"{framework}: built\n{buildLog}");
    }

    private PackageFile Package(string id) =>
        _packages.FirstOrDefault(p => p.Id == id) ?? throw new AssertionException($"no {id} package in {_feed}");

    // The global packages folder the repository restored into (NUGET_PACKAGES or the config may move it from ~/.nuget).
    private static async Task<string> MachinePackagesFolderAsync(CancellationToken cancellationToken)
    {
        (int exit, string output) = await DotnetCli.RunAsync(RepositoryRoot(), ["nuget", "locals", "global-packages", "--list"],
            TimeSpan.FromSeconds(60), cancellationToken);
        Assert.That(exit, Is.EqualTo(0), output);
        Match folder = GlobalPackagesLine().Match(output);
        Assert.That(folder.Success, Is.True, output);
        return folder.Groups["path"].Value.Trim().TrimEnd(Path.DirectorySeparatorChar);
    }

    private static string RepositoryRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "..", "..", ".."));

    // "File.csproj(12,5): warning NU5104: ..." or "Some.targets(3,5): warning : ...": any warning of MSBuild, NuGet, the
    // compiler or Source Link (its warnings have no code); not the "0 Warning(s)" summary.
    [GeneratedRegex(@"\bwarning(?: [A-Za-z]+[0-9]+)? ?:.*$", RegexOptions.Multiline)]
    private static partial Regex MSBuildWarning();

    [GeneratedRegex(@"^global-packages: (?<path>.+)$", RegexOptions.Multiline)]
    private static partial Regex GlobalPackagesLine();
}
