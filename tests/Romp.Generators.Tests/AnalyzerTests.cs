using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Romp.Generators.Analyzers;
using Romp.Generators.Diagnostics;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>ROMP0015: Bind, Register and ResolveAsync only accept [RompObject] interfaces, checked at compile time.</summary>
public sealed class AnalyzerTests
{
    private const string Prelude = """
        using System.Threading.Tasks;
        using Romp;

        namespace Demo;

        [RompObject]
        public interface IGreeter { ValueTask<string> GreetAsync(string name); }
        public interface IPlain { void Run(); }
        public sealed class Greeter : IGreeter, IPlain
        {
            public ValueTask<string> GreetAsync(string name) => new(name);
            public void Run() { }
        }

        """;

    [Test]
    public async Task ROMP0015_BindWithPlainInterface_IsReported()
    {
        (string source, TextSpan span) = Markup.Parse(Prelude + """
            public static class Host
            {
                public static void Setup(RompServer server) => server.Bind<[|IPlain|]>("plain", new Greeter());
            }
            """);

        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source);

        Assert.That(diagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.NotARompObject }));
        Assert.That(diagnostics[0].Location.SourceSpan, Is.EqualTo(span));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("Demo.IPlain").And.Contain("RompServer.Bind"));
    }

    [Test]
    public async Task ROMP0015_AttachedConnectionBindAndResolveWithPlainTypes_AreReported()
    {
        (string source, TextSpan span) = Markup.Parse(Prelude + """
            public static class Peer
            {
                public static void Setup(RompConnection connection) => connection.Bind<[|IPlain|]>("plain", new Greeter());
                public static Task<Greeter> Get(RompConnection connection) => connection.ResolveAsync<Greeter>("greeter");
            }
            """);

        // The analyzer runs concurrently: order what it reported by position.
        Diagnostic[] diagnostics = (await AnalyzeAsync(source)).OrderBy(static d => d.Location.SourceSpan.Start).ToArray();

        Assert.That(diagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.NotARompObject, DiagnosticIds.NotARompObject }));
        Assert.That(diagnostics[0].Location.SourceSpan, Is.EqualTo(span));
        Assert.That(diagnostics[0].GetMessage(), Does.Contain("RompConnection.Bind"));
        Assert.That(diagnostics[1].GetMessage(), Does.Contain("RompConnection.ResolveAsync"));
    }

    [Test]
    public async Task ROMP0015_ResolveAsyncWithClass_IsReported()
    {
        (string source, TextSpan span) = Markup.Parse(Prelude + """
            public static class Caller
            {
                public static Task<Greeter> Get(RompClient client) => client.ResolveAsync<[|Greeter|]>("greeter");
            }
            """);

        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source);

        Assert.That(diagnostics.Select(static d => (d.Id, d.Location.SourceSpan)), Is.EqualTo(new[] { (DiagnosticIds.NotARompObject, span) }));
    }

    [Test]
    public async Task ROMP0015_RegisterWithInferredClassType_IsReportedOnTheCall()
    {
        (string source, TextSpan span) = Markup.Parse(Prelude + """
            public static class Host
            {
                public static void Setup(RompServer server) => [|server.Register(new Greeter())|];
            }
            """);

        ImmutableArray<Diagnostic> diagnostics = await AnalyzeAsync(source);

        Assert.That(diagnostics.Select(static d => (d.Id, d.Location.SourceSpan)), Is.EqualTo(new[] { (DiagnosticIds.NotARompObject, span) }));
    }

    [Test]
    public async Task Analyzer_RompObjectInterfacesAndOpenTypeParameters_ReportNothing()
    {
        string source = Prelude + """
            public static class Host
            {
                public static async Task Setup(RompServer server, RompClient client)
                {
                    server.Bind<IGreeter>("greeter", new Greeter());
                    server.Register<IGreeter>(new Greeter());
                    IGreeter greeter = await client.ResolveAsync<IGreeter>("greeter");
                }

                public static Task<T> Generic<T>(RompClient client) where T : class => client.ResolveAsync<T>("any");
            }
            """;

        Assert.That(await AnalyzeAsync(source), Is.Empty);
    }

    private static async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(string source)
    {
        Compilation compilation = GeneratorHarness.CreateCompilation(source);
        CompilationWithAnalyzers analyzed = compilation.WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new ContractTypeArgumentAnalyzer()));
        return await analyzed.GetAnalyzerDiagnosticsAsync();
    }
}
