using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;
using Romp.Generators.Diagnostics;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

[TestFixture]
public sealed class DiagnosticTests
{
    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Romp;

        namespace Demo;

        """;

    [Test]
    public void ValidObjectAndSerializable_NoDiagnostics()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            [RompObject]
            public interface IInventory
            {
                ValueTask<Item?> FindAsync(string sku, CancellationToken ct = default);
                Task<IReadOnlyList<Item>> ListAsync();
                [Oneway] void Touch(string sku);
                IAsyncEnumerable<Item> WatchAsync(CancellationToken ct);
                int Count { get; }
            }

            [RompSerializable]
            public sealed record Item(string Sku, int Quantity);
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Assert.That(output.Sources.Select(static s => s.HintName), Is.EquivalentTo(new[]
        {
            "Demo.IInventory.Proxy.g.cs", "Demo.IInventory.Dispatcher.g.cs", "Demo.IInventory.Contract.g.cs", "Demo.Item.Formatter.g.cs",
        }));
    }

    [Test]
    public void RompObject_StaticAndDefaultImplementedMembers_AreNotRemote()
    {
        GeneratorOutput output = GeneratorHarness.Run(Usings + """
            public interface INamed
            {
                string Name();
            }

            [RompObject]
            public interface IGreeter : INamed
            {
                string INamed.Name() => "greeter";
                string Greet(string name);
                string GreetAll(string a, string b) => Greet(a) + Greet(b);
                static string Describe() => "greeter";
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        string dispatcher = output.Source("Demo.IGreeter.Dispatcher.g.cs");
        Assert.That(dispatcher, Does.Contain("Call_Greet(call)"));
        Assert.That(dispatcher, Does.Not.Contain("GreetAll").And.Not.Contain("Describe").And.Not.Contain("Name"));
    }

    [Test]
    public void ROMP0001_ObjectOnClass_IsReported() => AssertReported(DiagnosticIds.ObjectMustBeInterface, Usings + """
        [RompObject]
        public class [|Calculator|]
        {
        }
        """);

    [Test]
    public void ROMP0002_GenericInterface_IsReported() => AssertReported(DiagnosticIds.ObjectMustNotBeGeneric, Usings + """
        [RompObject]
        public interface [|IRepository|]<T>
        {
            T Get(int id);
        }
        """);

    [Test]
    public void ROMP0003_PrivateNestedInterface_IsReported() => AssertReported(DiagnosticIds.ObjectNotAccessible, Usings + """
        public class Outer
        {
            [RompObject]
            private interface [|IHidden|]
            {
                void Run();
            }
        }
        """);

    [Test]
    public void ROMP0004_RefParameter_IsReported() => AssertReported(DiagnosticIds.ByRefParameter, Usings + """
        [RompObject]
        public interface ICounter
        {
            void Increment([|ref int value|]);
        }
        """);

    [Test]
    public void ROMP0005_GenericMethod_IsReported() => AssertReported(DiagnosticIds.GenericMethod, Usings + """
        [RompObject]
        public interface IStore
        {
            T [|Get|]<T>(int id);
        }
        """);

    [Test]
    public void ROMP0006_Event_IsReported() => AssertReported(DiagnosticIds.EventNotSupported, Usings + """
        [RompObject]
        public interface IClock
        {
            event EventHandler [|Ticked|];
        }
        """);

    [Test]
    public void ROMP0007_UnmarkedClassParameter_IsReported()
    {
        Diagnostic diagnostic = AssertReported(DiagnosticIds.UnsupportedParameterType, Usings + """
            public class Widget
            {
            }

            [RompObject]
            public interface IFactory
            {
                void Register(int id, [|List<Widget>|] widgets);
            }
            """);

        Assert.That(diagnostic.GetMessage(), Does.Contain("'widgets'").And.Contain("List<Demo.Widget>").And.Contain("Mark 'Demo.Widget' [RompSerializable]"));
    }

    [Test]
    public void ROMP0008_UnsupportedReturnType_IsReported() => AssertReported(DiagnosticIds.UnsupportedReturnType, Usings + """
        [RompObject]
        public interface IFiles
        {
            [|Task<System.IO.Stream>|] OpenAsync(string path);
        }
        """);

    [Test]
    public void ROMP0009_OnewayWithResult_IsReported() => AssertReported(DiagnosticIds.OnewayWithResult, Usings + """
        [RompObject]
        public interface ILog
        {
            [[|Oneway|]]
            Task<int> WriteAsync(string line);
        }
        """);

    [Test]
    public void ROMP0010_OnewaySyncOnVoid_IsReported() => AssertReported(DiagnosticIds.OnewaySyncRequiresTask, Usings + """
        [RompObject]
        public interface ILog
        {
            [[|Oneway(Sync = true)|]]
            void Write(string line);
        }
        """);

    [Test]
    public void ROMP0011_CancellationTokenNotLast_IsReported() => AssertReported(DiagnosticIds.CancellationTokenNotLast, Usings + """
        [RompObject]
        public interface IWorker
        {
            Task RunAsync([|CancellationToken ct|], int steps);
        }
        """);

    [Test]
    public void ROMP0012_OnewayOnStream_IsReported() => AssertReported(DiagnosticIds.OnewayNotAllowed, Usings + """
        [RompObject]
        public interface IFeed
        {
            [[|Oneway|]]
            IAsyncEnumerable<int> WatchAsync();
        }
        """);

    [Test]
    public void ROMP0012_OnewayOnPropertyAccessor_IsReported() => AssertReported(DiagnosticIds.OnewayNotAllowed, Usings + """
        [RompObject]
        public interface ISettings
        {
            int Level { get; [[|Oneway|]] set; }
        }
        """);

    [Test]
    public void ROMP0013_StaticAbstractMember_IsReported() => AssertReported(DiagnosticIds.StaticAbstractMember, Usings + """
        [RompObject]
        public interface IShape
        {
            static abstract IShape [|Create|]();
            double Area();
        }
        """);

    [Test]
    public void ROMP0014_InitAccessor_IsReported() => AssertReported(DiagnosticIds.InitAccessor, Usings + """
        [RompObject]
        public interface IProfile
        {
            string Name { get; [|init|]; }
        }
        """);

    [Test]
    public void ROMP0101_UnsupportedMemberType_IsReported() => AssertReported(DiagnosticIds.UnsupportedMemberType, Usings + """
        [RompSerializable]
        public class Bag
        {
            public int Id { get; set; }
            public [|object?|] Content { get; set; }
        }
        """);

    [Test]
    public void ROMP0102_GenericSerializable_IsReported() => AssertReported(DiagnosticIds.SerializableMustNotBeGeneric, Usings + """
        [RompSerializable]
        public class [|Box|]<T>
        {
            public T? Value { get; set; }
        }
        """);

    [Test]
    public void ROMP0103_NoUsableConstructor_IsReported() => AssertReported(DiagnosticIds.NoUsableConstructor, Usings + """
        [RompSerializable]
        public class [|Token|]
        {
            public Token(string secret) => Hash = secret.GetHashCode();

            public int Hash { get; set; }
        }
        """);

    [Test]
    public void ROMP0104_PrivateNestedSerializable_IsReported() => AssertReported(DiagnosticIds.SerializableNotAccessible, Usings + """
        public class Outer
        {
            [RompSerializable]
            private sealed class [|Hidden|]
            {
                public int X { get; set; }
            }
        }
        """);

    [Test]
    public void Descriptors_EveryId_HasLowercaseHelpLinkAndErrorSeverity()
    {
        foreach (DiagnosticDescriptor descriptor in AllDescriptors())
        {
            Assert.That(descriptor.HelpLinkUri, Is.EqualTo("https://github.com/romp-dotnet/romp/blob/main/docs/diagnostics.md#" + descriptor.Id.ToLowerInvariant()));
            Assert.That(descriptor.DefaultSeverity, Is.EqualTo(DiagnosticSeverity.Error), descriptor.Id);
            Assert.That(descriptor.Category, Is.EqualTo("Romp"), descriptor.Id);
        }
    }

    [Test]
    public void Descriptors_EveryId_IsDocumentedAndTracked()
    {
        string root = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", ".."));
        string docs = File.ReadAllText(Path.Combine(root, "docs", "diagnostics.md"));
        string unshipped = File.ReadAllText(Path.Combine(root, "src", "Romp.Generators", "Diagnostics", "AnalyzerReleases.Unshipped.md"));
        string[] ids = AllDescriptors().Select(static d => d.Id).ToArray();
        Assert.That(ids, Is.Unique);
        foreach (string id in ids)
        {
            Assert.That(docs, Does.Contain("\n## " + id + ": "), id + " has no section in docs/diagnostics.md");
            Assert.That(unshipped, Does.Contain("\n" + id + " | Romp | Error |"), id + " is not in AnalyzerReleases.Unshipped.md");
        }
    }

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static IEnumerable<DiagnosticDescriptor> AllDescriptors() =>
        typeof(RompDiagnostics).GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
            .Select(static f => f.GetValue(null)).OfType<DiagnosticDescriptor>();

    private static Diagnostic AssertReported(string id, string markup)
    {
        (string source, TextSpan span) = Markup.Parse(markup);
        GeneratorOutput output = GeneratorHarness.RunUnchecked(source);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { id }),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Diagnostic diagnostic = output.GeneratorDiagnostics[0];
        Assert.That(diagnostic.Location.SourceSpan, Is.EqualTo(span),
            () => $"reported at '{source.Substring(diagnostic.Location.SourceSpan.Start, diagnostic.Location.SourceSpan.Length)}'");
        Assert.That(diagnostic.Severity, Is.EqualTo(DiagnosticSeverity.Error));
        return diagnostic;
    }
}
