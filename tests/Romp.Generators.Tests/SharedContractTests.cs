using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Romp.Generators.Diagnostics;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// [RompSerializable] types from a referenced assembly (a shared contracts project): the consuming project's generator
/// finds their formatters at compile time by their mark, and says how to fix an assembly whose formatters it cannot use.
/// </summary>
[TestFixture]
public sealed class SharedContractTests
{
    private const string Contracts = """
        using Romp;

        namespace Chat.Contracts;

        [RompSerializable] public sealed record Author(string Name, int Id);

        [RompSerializable, RompUnion(0, typeof(Text)), RompUnion(1, typeof(Image))]
        public abstract record Body;

        [RompSerializable] public sealed record Text(string Value) : Body;

        [RompSerializable] public sealed record Image(byte[] Bytes) : Body;

        [RompSerializable] public sealed record Message(Author From, Body Body);
        """;

    private const string Consumer = """
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Chat.Contracts;
        using Romp;

        namespace Chat.Server;

        [RompObject]
        public interface IArchive
        {
            ValueTask<Message> EchoAsync(Message message);
            ValueTask<List<Body>> BodiesAsync(Author author);
        }

        [RompSerializable]
        public sealed record Page(List<Message> Messages, int Number);
        """;

    [Test]
    public void ReferencedAssemblyTypes_UsedInAContractAndARecord_UseThatAssemblysFormatters()
    {
        MetadataReference contracts = Build(GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Contracts).WithAssemblyName("Chat.Contracts"), assertCompiles: true).Compilation);

        GeneratorOutput output = GeneratorHarness.Run([contracts], assertCompiles: true, Consumer);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        Assert.That(output.Source("Chat.Server.IArchive.Contract.g.cs"), Does.Contain("global::Chat.Contracts.MessageFormatter.Instance")
            .And.Contain("global::Chat.Contracts.BodyFormatter.Instance"));
        Assert.That(output.Source("Chat.Server.Page.Formatter.g.cs"), Does.Contain("global::Chat.Contracts.MessageFormatter.Instance"));
        Assert.That(output.Source("Chat.Server.IArchive.Description.g.cs"), Does.Contain("RompNamedType.Union(\"Chat.Contracts.Body\"")
            .And.Contain("RompNamedType.Record(\"Chat.Contracts.Text\""));
    }

    [Test]
    public void ReferencedAssembly_CompiledWithoutTheGenerator_SaysToAddRomp()
    {
        MetadataReference contracts = Build(GeneratorHarness.CreateCompilation(Contracts).WithAssemblyName("Chat.Contracts"));

        string message = SingleProblem(contracts);

        Assert.That(message, Does.Contain("'Chat.Contracts.Message' is [RompSerializable], but 'Chat.Contracts' was compiled without Romp's source generator")
            .And.Contain("Reference the Romp package from the project that builds 'Chat.Contracts'"));
    }

    [Test]
    public void ReferencedAssembly_FormatterOfAnotherEncodingVersion_SaysToBuildBothWithOneVersion()
    {
        MetadataReference contracts = Build(GeneratorHarness.CreateCompilation(Contracts + HandWrittenFormatter(
            "[global::Romp.CompilerServices.RompGeneratedFormatter(typeof(Message), 99)] public")).WithAssemblyName("Chat.Contracts"));

        string message = SingleProblem(contracts);

        Assert.That(message, Does.Contain("'Chat.Contracts' was built by a Romp generator whose formatters write encoding version 99")
            .And.Contain("Build 'Chat.Contracts' and this project with the same version of Romp"));
    }

    [Test]
    public void ReferencedAssembly_InternalFormatterOfAnOlderGenerator_SaysToRebuildIt()
    {
        MetadataReference contracts = Build(GeneratorHarness.CreateCompilation(Contracts + HandWrittenFormatter("internal")).WithAssemblyName("Chat.Contracts"));

        string message = SingleProblem(contracts);

        Assert.That(message, Does.Contain("'Chat.Contracts' was built by an older Romp generator, whose formatter of 'Chat.Contracts.Message' is internal to it"));
    }

    [Test]
    public void ROMP0128_DerivedFromAReferencedUnion_SaysToDeclareItBesideTheUnion()
    {
        MetadataReference contracts = Build(GeneratorHarness.Run(GeneratorHarness.CreateCompilation(Contracts).WithAssemblyName("Chat.Contracts"), assertCompiles: true).Compilation);

        GeneratorOutput output = GeneratorHarness.Run([contracts], assertCompiles: false, """
            using Chat.Contracts;
            using Romp;

            namespace Chat.Server;

            [RompSerializable] public sealed record Sticker(string Name) : Body;
            """);

        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.DerivedNotAUnionCase }));
        Assert.That(output.GeneratorDiagnostics[0].GetMessage(), Does.EndWith(
            "declare 'Chat.Server.Sticker' in 'Chat.Contracts', beside 'Chat.Contracts.Body', and add [RompUnion(2, typeof(Chat.Server.Sticker))] to 'Chat.Contracts.Body'."));
    }

    // A formatter as an older or newer generator might have left it, without running this generator.
    private static string HandWrittenFormatter(string modifiers) => $$"""

        {{modifiers}} sealed class MessageFormatter : global::Romp.CompilerServices.IRompFormatter<Message?>
        {
            public static readonly MessageFormatter Instance = new();
            public void Write(ref global::Romp.CompilerServices.RompWriter writer, Message? value) => writer.WriteNullLength();
            public Message? Read(ref global::Romp.CompilerServices.RompReader reader) => null;
        }
        """;

    // Only the message is used, in one method: its diagnostic says why.
    private static string SingleProblem(MetadataReference contracts)
    {
        GeneratorOutput output = GeneratorHarness.Run([contracts], assertCompiles: false, """
            using System.Threading.Tasks;
            using Chat.Contracts;
            using Romp;

            namespace Chat.Server;

            [RompObject]
            public interface IArchive
            {
                ValueTask<Message> LatestAsync();
            }
            """);
        Assert.That(output.GeneratorDiagnostics.Select(static d => d.Id), Is.EqualTo(new[] { DiagnosticIds.UnsupportedReturnType }),
            () => string.Join("\n", output.GeneratorDiagnostics));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity == DiagnosticSeverity.Error), Is.Empty,
            () => string.Join("\n", output.CompilationDiagnostics));
        return output.GeneratorDiagnostics[0].GetMessage();
    }

    private static MetadataReference Build(Compilation compilation)
    {
        using var image = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(image);
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray());
    }
}
