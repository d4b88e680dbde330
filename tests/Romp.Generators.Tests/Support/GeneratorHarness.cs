using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Romp.Generators.Tests.Support;

/// <summary>
/// Compiles test source against Romp.Runtime, runs <see cref="RompGenerator"/> with step tracking, and checks that the
/// generated code compiles.
/// </summary>
internal static class GeneratorHarness
{
    public static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_references = new(LoadReferences);

    /// <summary>Runs the generator on <paramref name="sources"/>; asserts that the output compilation has no errors.</summary>
    public static GeneratorOutput Run(params string[] sources) => Run(CreateCompilation(sources), assertCompiles: true);

    /// <summary>Runs the generator without checking the output compilation (for sources that are invalid on purpose).</summary>
    public static GeneratorOutput RunUnchecked(params string[] sources) => Run(CreateCompilation(sources), assertCompiles: false);

    /// <summary>MemoryPack.Core, which declares [MemoryPackable], without Romp.MemoryPack.</summary>
    public static readonly MetadataReference MemoryPackCore = MetadataReference.CreateFromFile(typeof(MemoryPack.MemoryPackableAttribute).Assembly.Location);

    /// <summary>Romp.MemoryPack, which formats [MemoryPackable] types.</summary>
    public static readonly MetadataReference RompMemoryPack =
        MetadataReference.CreateFromFile(typeof(Romp.CompilerServices.MemoryPackValueFormatter<>).Assembly.Location);

    /// <summary>Both MemoryPack.Core and Romp.MemoryPack: what a project that sends [MemoryPackable] types references.</summary>
    public static MetadataReference[] MemoryPack => [MemoryPackCore, RompMemoryPack];

    /// <summary>Runs the generator on <paramref name="sources"/> compiled with <paramref name="extra"/> references too.</summary>
    public static GeneratorOutput Run(IEnumerable<MetadataReference> extra, bool assertCompiles, params string[] sources) =>
        Run(CreateCompilation(extra, sources), assertCompiles);

    public static CSharpCompilation CreateCompilation(params string[] sources) => CreateCompilation([], sources);

    public static CSharpCompilation CreateCompilation(IEnumerable<MetadataReference> extra, params string[] sources) =>
        CSharpCompilation.Create(
            "Romp.Consumer",
            sources.Select((s, i) => CSharpSyntaxTree.ParseText(s, ParseOptions, path: $"Source{i}.cs")),
            s_references.Value.Concat(extra),
            new CSharpCompilationOptions(
                OutputKind.DynamicallyLinkedLibrary,
                nullableContextOptions: NullableContextOptions.Enable,
                warningLevel: 9999,
                specificDiagnosticOptions: new Dictionary<string, ReportDiagnostic>
                {
                    // Implementation assemblies of the running framework, not reference assemblies: version unification noise.
                    ["CS1701"] = ReportDiagnostic.Suppress,
                    ["CS1702"] = ReportDiagnostic.Suppress,
                }));

    public static GeneratorDriver CreateDriver() =>
        CSharpGeneratorDriver.Create(
            new[] { new RompGenerator().AsSourceGenerator() },
            parseOptions: ParseOptions,
            driverOptions: new GeneratorDriverOptions(IncrementalGeneratorOutputKind.None, trackIncrementalGeneratorSteps: true));

    public static GeneratorOutput Run(CSharpCompilation compilation, bool assertCompiles, GeneratorDriver? driver = null)
    {
        driver = (driver ?? CreateDriver()).RunGeneratorsAndUpdateCompilation(compilation, out Compilation output, out ImmutableArray<Diagnostic> generatorDiagnostics);
        GeneratorRunResult result = driver.GetRunResult().Results.Single();
        Assert.That(result.Exception, Is.Null, "the generator threw");
        ImmutableArray<Diagnostic> compilationDiagnostics = output.GetDiagnostics();
        if (assertCompiles)
        {
            Diagnostic[] errors = generatorDiagnostics.Concat(compilationDiagnostics).Where(static d => d.Severity == DiagnosticSeverity.Error).ToArray();
            Assert.That(errors, Is.Empty, () => "the generated code does not compile:\n" + string.Join("\n", errors.Select(static e => e.ToString())));
        }

        return new GeneratorOutput(driver, output, result.GeneratedSources, generatorDiagnostics, compilationDiagnostics);
    }

    // The running framework's assemblies, Romp.Runtime, and the Microsoft.Extensions assemblies its public API uses.
    private static ImmutableArray<MetadataReference> LoadReferences()
    {
        string frameworkDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        string runtime = typeof(RompObjectAttribute).Assembly.Location;
        var paths = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(p => string.Equals(Path.GetDirectoryName(p), frameworkDirectory, StringComparison.Ordinal)
                || Path.GetFileName(p).StartsWith("Microsoft.Extensions.", StringComparison.Ordinal))
            .Append(runtime)
            .Distinct(StringComparer.Ordinal);
        return paths.Select(static p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToImmutableArray();
    }
}

/// <summary>What one generator run produced.</summary>
internal sealed record GeneratorOutput(
    GeneratorDriver Driver,
    Compilation Compilation,
    ImmutableArray<GeneratedSourceResult> Sources,
    ImmutableArray<Diagnostic> GeneratorDiagnostics,
    ImmutableArray<Diagnostic> CompilationDiagnostics)
{
    public string Source(string hintName) => Sources.Single(s => s.HintName == hintName).SourceText.ToString();
}
