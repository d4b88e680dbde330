using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Emit;
using Romp.CompilerServices;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// The generated code must build cleanly in a consumer with Nullable=enable and TreatWarningsAsErrors, for every type
/// the generator accepts, nested to any depth.
/// </summary>
[TestFixture]
public sealed class CompilationTests
{
    private const string EverySupportedType = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Romp;

        namespace Demo.Everything;

        public enum Color : byte { Red, Green }
        public enum Big : long { Small = 1, Large = long.MaxValue }

        [RompSerializable]
        public sealed record Point(int X, int Y);

        [RompSerializable]
        public record struct Range(int Start, int End);

        [RompSerializable]
        public sealed class Node
        {
            public string Name { get; set; } = "";
            public Node? Next { get; set; }
            public List<Node> Children { get; set; } = new();
            public Color Color { get; init; }
        }

        [RompSerializable]
        public sealed class AllPrimitives
        {
            public bool Bool; public byte Byte; public sbyte SByte; public short Int16; public ushort UInt16;
            public int Int32; public uint UInt32; public long Int64; public ulong UInt64; public char Char;
            public float Single; public double Double; public Half Half; public Int128 Int128; public UInt128 UInt128;
            public decimal Decimal; public string String = ""; public string? MaybeString; public Guid Guid;
            public DateTime DateTime; public DateTimeOffset DateTimeOffset; public TimeSpan TimeSpan;
            public DateOnly DateOnly; public TimeOnly TimeOnly; public byte[] Bytes = [];
            public ReadOnlyMemory<byte> ReadOnlyMemory; public Memory<byte> Memory;
            public int? MaybeInt; public Point? MaybePoint; public Range? MaybeRange;
            public required string Required { get; init; }
        }

        public interface IBase
        {
            Guid Id { get; }
        }

        public interface IRepository<T>
        {
            T Get(int id);
            Task<IReadOnlyList<T>> ListAsync(CancellationToken ct);
        }

        public interface IAudited : IBase
        {
            new string Id { get; }
            DateTimeOffset Changed { get; }
        }

        [RompObject(Access = RompAccess.Serial)]
        public interface IEverything : IAudited, IRepository<Point>, IRepository<string?>, IBase
        {
            bool Bool(bool v); byte Byte(byte v); sbyte SByte(sbyte v); short Int16(short v); ushort UInt16(ushort v);
            int Int32(int v); uint UInt32(uint v); long Int64(long v); ulong UInt64(ulong v); char Char(char v);
            float Single(float v); double Double(double v); Half Half(Half v); Int128 Int128(Int128 v); UInt128 UInt128(UInt128 v);
            decimal Decimal(decimal v); string String(string v); string? MaybeString(string? v); Guid Guid(Guid v);
            DateTime DateTime(DateTime v); DateTimeOffset DateTimeOffset(DateTimeOffset v); TimeSpan TimeSpan(TimeSpan v);
            DateOnly DateOnly(DateOnly v); TimeOnly TimeOnly(TimeOnly v);
            byte[] Bytes(byte[] v); byte[]? MaybeBytes(byte[]? v);
            ReadOnlyMemory<byte> ReadOnlyMemory(ReadOnlyMemory<byte> v); Memory<byte> Memory(Memory<byte> v);
            Color Enum(Color v); Big? MaybeEnum(Big? v); int? MaybeInt(int? v);

            sbyte[] SBytes(sbyte[] v); short[] Shorts(short[] v); ushort[] UShorts(ushort[] v); int[] Ints(int[] v);
            uint[] UInts(uint[] v); long[] Longs(long[] v); ulong[] ULongs(ulong[] v); float[] Floats(float[] v);
            double[] Doubles(double[] v); char[] Chars(char[] v); int[]? MaybeInts(int[]? v);
            bool[] Bools(bool[] v); string[] Strings(string[] v); string?[] MaybeStrings(string?[] v); Point[] Points(Point[] v);
            int[][] Jagged(int[][] v);

            List<int> List(List<int> v); List<string?>? MaybeList(List<string?>? v);
            IList<Point> IList(IList<Point> v); ICollection<string> ICollection(ICollection<string> v);
            IReadOnlyList<Range> IReadOnlyList(IReadOnlyList<Range> v);
            IReadOnlyCollection<Guid> IReadOnlyCollection(IReadOnlyCollection<Guid> v); IEnumerable<decimal> IEnumerable(IEnumerable<decimal> v);
            HashSet<string> HashSet(HashSet<string> v); ISet<int> ISet(ISet<int> v); IReadOnlySet<Color> IReadOnlySet(IReadOnlySet<Color> v);
            Dictionary<string, int> Dictionary(Dictionary<string, int> v); IDictionary<int, string?> IDictionary(IDictionary<int, string?> v);
            IReadOnlyDictionary<Guid, List<Point>> IReadOnlyDictionary(IReadOnlyDictionary<Guid, List<Point>> v);
            Dictionary<string, Dictionary<int, List<Point?>>>? Nested(Dictionary<string, Dictionary<int, List<Point?>>>? v);

            (int, string) Tuple2((int A, string B) v);
            (int, string, bool) Tuple3((int, string, bool) v);
            (int, int, int, int) Tuple4((int, int, int, int) v);
            (int, int, int, int, int) Tuple5((int, int, int, int, int) v);
            (int, int, int, int, int, int) Tuple6((int, int, int, int, int, int) v);
            (int, int, int, int, int, int, string?) Tuple7((int, int, int, int, int, int, string?) v);
            List<(Point P, Color? C)> TupleList(List<(Point P, Color? C)> v);
            (int, string)? MaybeTuple((int, string)? v);

            Point Point(Point v); Point? MaybePoint(Point? v); Range Range(Range v); Range? MaybeRange(Range? v);
            Node Node(Node v); AllPrimitives All(AllPrimitives v);

            Task<string> TaskOfString(string s, CancellationToken ct);
            Task<string?> TaskOfMaybeString(string? s);
            ValueTask<List<Point>> ValueTaskOfList(List<Point> points, CancellationToken ct = default);
            ValueTask<Dictionary<string, string?>?> ValueTaskOfDictionary();
            Task TaskOnly(); ValueTask ValueTaskOnly(CancellationToken ct);
            IAsyncEnumerable<Point> Stream(int count, CancellationToken ct = default);
            IAsyncEnumerable<string?> StreamOfMaybeStrings();
            [Oneway] void Oneway(Node node);
            [Oneway] Task OnewayTask(List<string> items);
            [Oneway] ValueTask OnewayValueTask();
            [Oneway(Sync = true)] Task OnewaySyncTask(int n, CancellationToken ct);
            [Oneway(Sync = true)] ValueTask OnewaySyncValueTask(string s);

            string this[int key] { get; set; }
            Point? this[string key, Color color] { get; }
            List<Point> Points2 { get; set; }
            string? Title { set; }
            int Count { get; }
            int Indexed(int v, CancellationToken ct);
        }
        """;

    private const string ReferencesAndBlocks = """
        using System;
        using System.Collections.Generic;
        using System.Threading;
        using System.Threading.Tasks;
        using Romp;

        namespace Demo.Remote;

        [RompSerializable]
        public sealed record Point(int X, int Y);

        public static class Other
        {
            [RompSerializable]
            public sealed record Point(long X);

            [RompObject]
            public interface IInner
            {
                void Ping();
            }
        }

        [RompObject]
        public interface INode : IDisposable, IAsyncDisposable
        {
            string Name { get; }
            INode? Parent { get; }
            INode this[int index] { get; set; }
        }

        [RompSerializable]
        public sealed class Holder
        {
            public INode? Node { get; set; }
            public List<INode?> Nodes { get; set; } = new();
            public Dictionary<string, Other.IInner>? ByName { get; init; }
        }

        [RompObject(Access = RompAccess.Serial)]
        public interface IUses : IDisposable
        {
            INode Node(INode v); INode? MaybeNode(INode? v); INode[] Array(INode?[] v); List<INode?> List(List<INode> v);
            Dictionary<string, INode> Dictionary(IReadOnlyDictionary<int, INode?> v); (INode, int) Tuple((INode N, int I) v);
            Task<INode> TaskOf(); ValueTask<INode?> ValueTaskOf(CancellationToken ct); IAsyncEnumerable<INode?> Stream();
            Holder Holder(Holder h); Other.IInner Inner(Other.IInner? inner); IUses Self();
            [Oneway] void Notify(INode node); [Oneway(Sync = true)] Task NotifySync(INode? node);

            void A0(Action a); void A1(Action<string?> a); void A2(Action<string> a); void A3(Action<int, string, INode?> a);
            int F1(Func<int> f); string? F2(Func<string?, string?> f); Task F3(Func<Task> f); Task<int> F4(Func<int, Task<int>> f);
            ValueTask F5(Func<ValueTask> f); ValueTask<string> F6(Func<string, ValueTask<string>> f, CancellationToken ct);
            void Many(Action<int, int, int, int, int, int, int, int, int, int, int, int, int, int, int, int> a);
            Point? Nullable(Action<int>? a, Func<int?, Point?>? f);
            IAsyncEnumerable<int> StreamWithBlock(Func<int, bool> filter, CancellationToken ct = default);
            void Complex(Func<List<Point>, Dictionary<string, INode>, ValueTask<(int, string?)>> f);
            void SameMangledName(Action<Point> a, Action<Other.Point> b, Func<Other.Point, ValueTask<Other.IInner?>> c);
            [Oneway] void OnewayBlock(Action<int> a);
            void Keywords(Action<int> @class, Func<int, int> @event);
        }
        """;

    [Test]
    public void GeneratedCode_ReferencesAndBlocks_CompilesWithoutWarnings()
    {
        GeneratorOutput output = GeneratorHarness.Run(ReferencesAndBlocks);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        AssertNoWarnings(output);
        string contract = output.Source("Demo.Remote.IUses.Contract.g.cs");
        Assert.That(contract, Does.Contain("internal static class Block_ActionOfPoint\n").And.Contain("internal static class Block_ActionOfPoint2\n"));
        Assert.That(contract, Does.Contain("internal static class Block_ActionOfString\n").And.Not.Contain("Block_ActionOfString2"));
        AssertEmits(output);
    }

    [Test]
    public void GeneratedCode_ReferencesAndBlocksInObliviousConsumer_CompilesWithoutWarnings() =>
        AssertNoWarnings(GeneratorHarness.Run("#nullable disable\n" + ReferencesAndBlocks.Replace("?", "")));

    [Test]
    public void GeneratedCode_RompObjectFromReferencedAssembly_TravelsByReference()
    {
        using var image = new MemoryStream();
        EmitResult library = GeneratorHarness.CreateCompilation("""
            namespace Lib;

            [Romp.RompObject]
            public interface IRemoteThing
            {
                int Value();
            }
            """).WithAssemblyName("Romp.Library").Emit(image);
        Assert.That(library.Success, Is.True, () => string.Join("\n", library.Diagnostics));
        CSharpCompilation consumer = GeneratorHarness.CreateCompilation("""
            namespace Demo;

            [Romp.RompObject]
            public interface IUser
            {
                Lib.IRemoteThing Swap(Lib.IRemoteThing? thing, System.Action<Lib.IRemoteThing> visit);
            }
            """).AddReferences(MetadataReference.CreateFromImage(image.ToArray()));

        GeneratorOutput output = GeneratorHarness.Run(consumer, assertCompiles: true);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        AssertNoWarnings(output);
        Assert.That(output.Source("Demo.IUser.Contract.g.cs"), Does.Contain("= global::Romp.CompilerServices.RemoteRefFormatter<global::Lib.IRemoteThing>.Instance;"));
    }

    [Test]
    public void GeneratedCode_EverySupportedType_CompilesWithoutWarnings()
    {
        GeneratorOutput output = GeneratorHarness.Run(EverySupportedType);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        AssertNoWarnings(output);
        AssertEmits(output);
    }

    [Test]
    public void GeneratedCode_EmptyInterfaceInGlobalNamespace_CompilesWithoutWarnings()
    {
        GeneratorOutput output = GeneratorHarness.Run("""
            [Romp.RompObject]
            public interface IMarker
            {
            }
            """);

        Assert.That(output.Sources.Select(static s => s.HintName), Is.EquivalentTo(new[] { "IMarker.Proxy.g.cs", "IMarker.Dispatcher.g.cs", "IMarker.Contract.g.cs", "IMarker.Description.g.cs" }));
        Assert.That(output.CompilationDiagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning), Is.Empty);
    }

    [Test]
    public void GeneratedCode_IdempotentMembers_RegisterTheirIds()
    {
        // 70 methods, so that the table's indexes span two words of the contract's bit set; the base interface's members too.
        IEnumerable<string> many = Enumerable.Range(1, 66).Select(static i => (i is 2 or 61 ? "[Idempotent] " : "") + $"Task M{i}();");
        GeneratorOutput output = GeneratorHarness.Run($$"""
            using System.Collections.Generic;
            using System.Threading.Tasks;
            using Romp;

            namespace Demo.Retry;

            public interface IReadable
            {
                [Idempotent] int Read();
            }

            [RompObject]
            public interface IStore : IReadable
            {
                {{string.Join("\n    ", many)}}
                int Level { [Idempotent] get; set; }
                [Oneway] void Touch();
            }

            [RompObject]
            public interface IPlain
            {
                void Run();
            }
            """);

        Assert.That(output.GeneratorDiagnostics, Is.Empty);
        AssertNoWarnings(output);
        // The method ids are the only ushort[]: IPlain lists no idempotent ids.
        Assert.That(output.Source("Demo.Retry.IPlain.Contract.g.cs").Split("new ushort[]").Length, Is.EqualTo(2));
        var context = new AssemblyLoadContext(nameof(GeneratedCode_IdempotentMembers_RegisterTheirIds), isCollectible: true);
        try
        {
            Assembly assembly = Load(context, output);
            RuntimeHelpers.RunModuleConstructor(assembly.ManifestModule.ModuleHandle);

            RompObjectContract store = Registered(assembly, "Demo.Retry.IStore");
            Assert.That(IdempotentIds(store).Select(id => store.GetMethodName((ushort)id)), Is.EquivalentTo(new[] { "Read", "M2", "M61", "get_Level" }));
            Assert.That(IdempotentIds(Registered(assembly, "Demo.Retry.IPlain")), Is.Empty);
        }
        finally
        {
            context.Unload();
        }
    }

    [Test]
    public void GeneratedCode_ObliviousConsumer_CompilesWithoutWarnings() =>
        AssertNoWarnings(GeneratorHarness.Run("#nullable disable\n" + EverySupportedType.Replace("?", "")));

    private static void AssertNoWarnings(GeneratorOutput output)
    {
        Diagnostic[] warnings = output.CompilationDiagnostics.Where(static d => d.Severity >= DiagnosticSeverity.Warning).ToArray();
        Assert.That(warnings, Is.Empty, () => string.Join("\n", warnings.Select(static w => w.ToString())));
    }

    private static Assembly Load(AssemblyLoadContext context, GeneratorOutput output)
    {
        using var stream = new MemoryStream();
        EmitResult emitted = output.Compilation.Emit(stream);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
        stream.Position = 0;
        return context.LoadFromStream(stream);
    }

    private static RompObjectContract Registered(Assembly assembly, string interfaceName)
    {
        Type type = assembly.GetType(interfaceName, throwOnError: true)!;
        var contract = (RompObjectContract?)typeof(RompContracts).GetMethod(nameof(RompContracts.Find))!.MakeGenericMethod(type).Invoke(null, null);
        Assert.That(contract, Is.Not.Null, interfaceName + " was not registered");
        Assert.That(contract!.InterfaceName, Is.EqualTo(interfaceName));
        return contract;
    }

    // IsIdempotent is internal to Romp.Runtime, which these tests see only from outside.
    private static int[] IdempotentIds(RompObjectContract contract)
    {
        MethodInfo isIdempotent = typeof(RompObjectContract).GetMethod("IsIdempotent", BindingFlags.Instance | BindingFlags.NonPublic)!;
        return Enumerable.Range(0, ushort.MaxValue + 1).Where(id => (bool)isIdempotent.Invoke(contract, [(ushort)id])!).ToArray();
    }

    private static void AssertEmits(GeneratorOutput output)
    {
        using var stream = new MemoryStream();
        EmitResult emitted = output.Compilation.Emit(stream);
        Assert.That(emitted.Success, Is.True, () => string.Join("\n", emitted.Diagnostics));
    }
}
