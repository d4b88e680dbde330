using System.Collections;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Parsing;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

[TestFixture]
public sealed class IncrementalTests
{
    private const string Source = TestSource.Usings + """
        [RompObject]
        public interface ICalculator
        {
            ValueTask<int> AddAsync(int a, int b, CancellationToken ct = default);
            Task<List<Point>> PathAsync(Point from, Point to);
            string Name { get; set; }
            ValueTask EachAsync(Func<Point, ValueTask> visit);
            ICalculator Clone();
        }

        [RompSerializable]
        public sealed record Point(int X, int Y);

        [RompObject]
        public class NotAnInterface
        {
        }

        [RompSerializable]
        public class Box<T>
        {
        }

        [RompSerializable, RompUnion(0, typeof(Dot))]
        public abstract record Mark;

        [RompSerializable]
        public sealed record Dot(int X) : Mark;

        [RompUnion(0, typeof(Dot))]
        public abstract record Unmarked;
        """;

    private static readonly string[] s_trackedSteps =
    [
        TrackingNames.ObjectParsed, TrackingNames.ObjectModel, TrackingNames.ObjectDiagnostics,
        TrackingNames.SerializableParsed, TrackingNames.SerializableModel, TrackingNames.SerializableDiagnostics,
        TrackingNames.UnionParsed, TrackingNames.UnionModel, TrackingNames.UnionDiagnostics,
    ];

    [Test]
    public void RunGenerators_SameCompilationTwice_EveryStepCachedOrUnchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);

        GeneratorRunResult result = driver.RunGenerators(compilation).GetRunResult().Results.Single();

        foreach (string step in s_trackedSteps)
        {
            Assert.That(result.TrackedSteps.ContainsKey(step), Is.True, step + " is not tracked");
            Assert.That(Reasons(result, step), Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged), step);
        }

        Assert.That(result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).Select(static o => o.Reason),
            Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void RunGenerators_UnrelatedFileAdded_OutputUnchanged()
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string[] before = Texts(driver);

        CSharpCompilation changed = compilation.AddSyntaxTrees(
            CSharpSyntaxTree.ParseText("namespace Demo; public sealed class Unrelated { public int Value { get; set; } }", GeneratorHarness.ParseOptions));
        GeneratorRunResult result = driver.RunGenerators(changed).GetRunResult().Results.Single();

        Assert.That(result.GeneratedSources.Select(static s => s.SourceText.ToString()), Is.EqualTo(before));
        foreach (string step in s_trackedSteps)
            Assert.That(Reasons(result, step), Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged), step);
        Assert.That(result.TrackedOutputSteps.SelectMany(static s => s.Value).SelectMany(static s => s.Outputs).Select(static o => o.Reason),
            Is.All.EqualTo(IncrementalStepRunReason.Cached).Or.EqualTo(IncrementalStepRunReason.Unchanged));
    }

    [Test]
    public void RunGenerators_MethodChanged_ModelModified()
    {
        GeneratorRunResult result = RunAfterEdit("ValueTask<int> AddAsync(int a, int b", "ValueTask<long> AddAsync(long a, long b");

        Assert.That(Reasons(result, TrackingNames.ObjectModel), Does.Contain(IncrementalStepRunReason.Modified));
        Assert.That(result.GeneratedSources.Single(static s => s.HintName == "Demo.ICalculator.Proxy.g.cs").SourceText.ToString(),
            Does.Contain("ValueTask<long> global::Demo.ICalculator.AddAsync(long a, long b"));
    }

    [Test]
    public void RunGenerators_IdempotentAdded_ModelModifiedAndContractChanged()
    {
        GeneratorRunResult result = RunAfterEdit("string Name { get; set; }", "string Name { [Idempotent] get; set; }");

        Assert.That(Reasons(result, TrackingNames.ObjectModel), Does.Contain(IncrementalStepRunReason.Modified));
        Assert.That(result.GeneratedSources.Single(static s => s.HintName == "Demo.ICalculator.Contract.g.cs").SourceText.ToString(),
            Does.Contain($"\n                new ushort[] {{ {MethodId.FromHash(MethodId.Hash("get_Name()->string"))} }}), global::Demo.ICalculatorDescription.Create);"));
    }

    [Test]
    public void Models_ObjectGraph_HoldsNoSymbolsSyntaxLocationsOrCompilations()
    {
        GeneratorRunResult result = GeneratorHarness.CreateDriver().RunGenerators(GeneratorHarness.CreateCompilation(Source)).GetRunResult().Results.Single();

        object[] models = new[] { TrackingNames.ObjectModel, TrackingNames.SerializableModel, TrackingNames.UnionModel }
            .SelectMany(step => result.TrackedSteps[step])
            .SelectMany(static s => s.Outputs)
            .Select(static o => o.Value)
            .ToArray();

        Assert.That(models, Has.Length.EqualTo(4));
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (object model in models)
            Walk(model, model.GetType().Name, visited);
    }

    private static void Walk(object? value, string path, HashSet<object> visited)
    {
        if (value is null || value is string || value.GetType().IsPrimitive || value.GetType().IsEnum)
            return;
        if (value is ISymbol or SyntaxNode or Location or Compilation or SemanticModel or SyntaxTree)
            Assert.Fail($"{path} holds a {value.GetType().Name}, which keeps a compilation alive and defeats caching");
        if (!value.GetType().IsValueType && !visited.Add(value))
            return;
        if (value is IEnumerable items)
        {
            int i = 0;
            foreach (object? item in items)
                Walk(item, $"{path}[{i++}]", visited);
            return;
        }

        foreach (FieldInfo field in value.GetType().GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic))
            Walk(field.GetValue(value), path + "." + field.Name, visited);
    }

    // Runs the driver on Source, then again with one edit to it: the second run's result.
    private static GeneratorRunResult RunAfterEdit(string from, string to)
    {
        CSharpCompilation compilation = GeneratorHarness.CreateCompilation(Source);
        GeneratorDriver driver = GeneratorHarness.CreateDriver().RunGenerators(compilation);
        string edited = Source.Replace(from, to);
        Assert.That(edited, Is.Not.EqualTo(Source), "the edit must change the source");

        SyntaxTree newTree = CSharpSyntaxTree.ParseText(edited, GeneratorHarness.ParseOptions);
        return driver.RunGenerators(compilation.ReplaceSyntaxTree(compilation.SyntaxTrees.Single(), newTree)).GetRunResult().Results.Single();
    }

    private static IEnumerable<IncrementalStepRunReason> Reasons(GeneratorRunResult result, string step) =>
        result.TrackedSteps[step].SelectMany(static s => s.Outputs).Select(static o => o.Reason);

    private static string[] Texts(GeneratorDriver driver) =>
        driver.GetRunResult().Results.Single().GeneratedSources.Select(static s => s.SourceText.ToString()).ToArray();
}
