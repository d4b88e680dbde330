using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis.Emit;
using Romp.Generators.Tests.Support;
using Romp.CompilerServices;

namespace Romp.Generators.Tests;

/// <summary>
/// Runs generated formatters: compiles the test source with the generator, loads it into a collectible context and
/// round-trips values through <see cref="RompSerializer"/>, including between two versions of one type.
/// </summary>
[TestFixture]
public sealed class FormatterRoundTripTests
{
    private const string Version1 = """
        using System.Collections.Generic;
        using Romp;

        namespace Demo;

        [RompSerializable]
        public sealed class Order
        {
            public int Id { get; set; }
            public string Customer { get; set; } = "";
        }
        """;

    private const string Version2 = """
        using System.Collections.Generic;
        using Romp;

        namespace Demo;

        [RompSerializable]
        public sealed class Order
        {
            public int Id { get; set; }
            public string Customer { get; set; } = "";
            public List<string> Tags { get; set; } = new() { "untagged" };
            public Dictionary<string, int>? Counts { get; set; }
        }
        """;

    private AssemblyLoadContext _context = null!;

    [SetUp]
    public void SetUp() => _context = new AssemblyLoadContext(nameof(FormatterRoundTripTests), isCollectible: true);

    [TearDown]
    public void TearDown() => _context.Unload();

    [Test]
    public void RoundTrip_NestedRecordsCollectionsAndNulls_PreservesValues()
    {
        Assembly assembly = Load("Shapes", """
            using System.Collections.Generic;
            using Romp;

            namespace Demo;

            public enum Kind : short { Line = 1, Curve = 7 }

            [RompSerializable]
            public sealed record Point(int X, int Y);

            [RompSerializable]
            public record struct Segment(Point From, Point? To, Kind Kind, double? Weight);

            [RompSerializable]
            public sealed class Drawing
            {
                public required string Title { get; init; }
                public List<Segment> Segments { get; set; } = new();
                public Dictionary<string, Point[]>? Layers { get; set; }
                public (int, string?) Tag { get; set; }
            }
            """);

        dynamic drawing = Create(assembly, "Demo.Drawing");
        ((object)drawing).GetType().GetProperty("Title")!.SetValue(drawing, "sketch");   // init-only: the binder refuses it
        ((System.Collections.IList)drawing.Segments).Add(Create(assembly, "Demo.Segment", Create(assembly, "Demo.Point", 1, 2), null, Enum.ToObject(assembly.GetType("Demo.Kind")!, 7), 0.5));
        drawing.Tag = (3, (string?)null);

        dynamic copy = RoundTrip(assembly, "Demo.Drawing", (object)drawing)!;

        Assert.That((string)copy.Title, Is.EqualTo("sketch"));
        Assert.That((int)copy.Segments.Count, Is.EqualTo(1));
        Assert.That(((object)copy.Segments[0]).ToString(), Is.EqualTo(((object)drawing.Segments[0]).ToString()));
        Assert.That((object?)copy.Layers, Is.Null);
        Assert.That(((int, string?))copy.Tag, Is.EqualTo((3, (string?)null)));
    }

    [Test]
    public void RoundTrip_NullClass_WritesNullLength()
    {
        Assembly assembly = Load("V1", Version1);

        byte[] bytes = Serialize(assembly, "Demo.Order", null);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.That(Deserialize(assembly, "Demo.Order", bytes), Is.Null);
    }

    [Test]
    public void Read_NewerPeerAddedMembers_SkipsThem()
    {
        Assembly older = Load("V1", Version1);
        Assembly newer = Load("V2", Version2);
        dynamic order = Create(newer, "Demo.Order");
        order.Id = 42;
        order.Customer = "Ada";
        order.Counts = new Dictionary<string, int> { ["a"] = 1 };

        dynamic copy = Deserialize(older, "Demo.Order", Serialize(newer, "Demo.Order", (object)order))!;

        Assert.That((int)copy.Id, Is.EqualTo(42));
        Assert.That((string)copy.Customer, Is.EqualTo("Ada"));
    }

    [Test]
    public void Read_OlderPeerWithoutNewMembers_KeepsTheirInitialValues()
    {
        Assembly older = Load("V1", Version1);
        Assembly newer = Load("V2", Version2);
        dynamic order = Create(older, "Demo.Order");
        order.Id = 7;
        order.Customer = "Grace";

        dynamic copy = Deserialize(newer, "Demo.Order", Serialize(older, "Demo.Order", (object)order))!;

        Assert.That((int)copy.Id, Is.EqualTo(7));
        Assert.That((string)copy.Customer, Is.EqualTo("Grace"));
        Assert.That((List<string>)copy.Tags, Is.EqualTo(new[] { "untagged" }));
        Assert.That((object?)copy.Counts, Is.Null);
    }

    [Test]
    public void Read_LengthPrefixShorterThanMembers_ThrowsInvalidMessage()
    {
        Assembly assembly = Load("V1", Version1);
        dynamic order = Create(assembly, "Demo.Order");
        order.Customer = "Ada";
        byte[] bytes = Serialize(assembly, "Demo.Order", (object)order);
        bytes[0]--;   // the length prefix now ends one byte before the last member does

        var error = Assert.Throws<RompException>(() => Deserialize(assembly, "Demo.Order", bytes));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    private Assembly Load(string name, string source)
    {
        GeneratorOutput output = GeneratorHarness.Run(source);
        using var stream = new MemoryStream();
        EmitResult result = output.Compilation.WithAssemblyName(name).Emit(stream);
        Assert.That(result.Success, Is.True, () => string.Join("\n", result.Diagnostics));
        stream.Position = 0;
        return _context.LoadFromStream(stream);
    }

    private static object Create(Assembly assembly, string type, params object?[] arguments) =>
        Activator.CreateInstance(assembly.GetType(type, throwOnError: true)!, arguments)!;

    private static object Formatter(Assembly assembly, string type) =>
        assembly.GetType(type + "Formatter", throwOnError: true)!.GetField("Instance")!.GetValue(null)!;

    private static byte[] Serialize(Assembly assembly, string type, object? value) =>
        (byte[])Invoke(typeof(RompSerializer).GetMethods().Single(static m => m.Name == nameof(RompSerializer.Serialize) && m.GetParameters().Length == 2),
            assembly, type, value, Formatter(assembly, type))!;

    private static object? Deserialize(Assembly assembly, string type, byte[] bytes) =>
        Invoke(typeof(RompSerializer).GetMethods().Single(static m => m.Name == nameof(RompSerializer.Deserialize) &&
                m.GetParameters()[0].ParameterType == typeof(ReadOnlyMemory<>).MakeGenericType(typeof(byte))),
            assembly, type, new ReadOnlyMemory<byte>(bytes), Formatter(assembly, type));

    private static object? RoundTrip(Assembly assembly, string type, object? value) =>
        Deserialize(assembly, type, Serialize(assembly, type, value));

    private static object? Invoke(MethodInfo method, Assembly assembly, string type, object? first, object formatter)
    {
        try
        {
            return method.MakeGenericMethod(assembly.GetType(type, throwOnError: true)!).Invoke(null, [first, formatter]);
        }
        catch (TargetInvocationException error) when (error.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(error.InnerException);
            throw;
        }
    }
}
