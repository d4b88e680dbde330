using Microsoft.CodeAnalysis;
using Romp.Generators.Model;
using Romp.Generators.Parsing;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

/// <summary>
/// Method ids and contract ids (docs/protocol.md §4.3): a method's id comes from its name and wire signature, or from
/// [RompId], so reordering changes nothing and a changed signature is another method; the contract id comes from the
/// contract's name alone, so every version of an interface is the same contract.
/// </summary>
[TestFixture]
public sealed class MethodIdTests
{
    private const string Interface = TestSource.Usings + """
        [RompObject]
        public interface IShop
        {
            ValueTask<int> AddAsync(int a, int b, CancellationToken ct = default);
            Task<List<string>> NamesAsync((int From, int To) range);
            [Oneway] void Tick(int n);
            string this[int key] { get; set; }
            Task EachAsync(Func<int, ValueTask> visit);
        }
        """;

    [TestCase("", 0xcbf29ce484222325UL)]
    [TestCase("a", 0xaf63dc4c8601ec8cUL)]
    [TestCase("foobar", 0x85944171f73967e8UL)]
    public void ContractIdCompute_ReferenceVectors_MatchFnv1a64(string text, ulong expected) =>
        Assert.That(ContractId.Compute(text), Is.EqualTo(expected));

    [TestCase("", 0x811c9dc5U)]
    [TestCase("a", 0xe40c292cU)]
    [TestCase("foobar", 0xbf9cf968U)]
    public void MethodIdHash_ReferenceVectors_MatchFnv1a32(string text, uint expected) =>
        Assert.That(MethodId.Hash(text), Is.EqualTo(expected));

    [TestCase(0U, (ushort)1)]
    [TestCase(32766U, (ushort)32767)]
    [TestCase(32767U, (ushort)1)]
    [TestCase(uint.MaxValue, (ushort)(uint.MaxValue % 32767 + 1))]
    public void MethodIdFromHash_AnyHash_FallsIn1To7FFF(uint hash, ushort expected) =>
        Assert.That(MethodId.FromHash(hash), Is.EqualTo(expected));

    [Test]
    public void Methods_EveryShape_HaveTheSignatureTheProtocolSpells()
    {
        ObjectModel model = ModelOf(Interface);

        string[] signatures =
        [
            "AddAsync(int32,int32)->int32",
            "NamesAsync(tuple<int32,int32>)->list<string>",
            "Tick(int32)->void",
            "get_Item(int32)->string",
            "set_Item(int32,string)->void",
            "EachAsync(block(int32)->void)->void",
        ];
        Assert.That(model.Methods.Select(static m => (m.SignatureHash, m.Id)),
            Is.EqualTo(signatures.Select(static s => (MethodId.Hash(s), MethodId.FromHash(MethodId.Hash(s))))));
    }

    [Test]
    public void Methods_TypesThatEncodeAlike_AreSpelledAlike()
    {
        const string Source = TestSource.Usings + """
            [RompObject]
            public interface IKinds
            {
                void Lists(int[] a, List<int> b, IReadOnlyList<int> c, IEnumerable<int> d, ICollection<int> e);
                void Sets(HashSet<int> a, IReadOnlySet<int> b, ISet<int> c);
                void Maps(Dictionary<string, int> a, IReadOnlyDictionary<string, int> b);
                void Bytes(byte[] a, ReadOnlyMemory<byte> b, Memory<byte> c);
                int? Nullable(string? s, Guid g, DateTimeOffset t, TimeSpan span, decimal m, double d, float f, Half h, long l, ulong u);
                IAsyncEnumerable<Color> Stream(Color color, Point point, ISink? sink);
            }

            public enum Color { Red }

            [RompSerializable]
            public sealed class Point { public int X { get; set; } }

            [RompObject(Name = "sinks.v1")]
            public interface ISink { void Put(int x); }
            """;

        uint[] hashes = ModelOf(Source, "Demo.IKinds").Methods.Select(static m => m.SignatureHash).ToArray();

        Assert.That(hashes, Is.EqualTo(new[]
        {
            MethodId.Hash("Lists(list<int32>,list<int32>,list<int32>,list<int32>,list<int32>)->void"),
            MethodId.Hash("Sets(set<int32>,set<int32>,set<int32>)->void"),
            MethodId.Hash("Maps(map<string,int32>,map<string,int32>)->void"),
            MethodId.Hash("Bytes(bytes,bytes,bytes)->void"),
            MethodId.Hash("Nullable(string,guid,datetimeoffset,timespan,decimal,float64,float32,float16,int64,uint64)->nullable<int32>"),
            MethodId.Hash("Stream(Color,Point,ref sinks.v1)->stream<Color>"),
        }));
    }

    [Test]
    public void MethodIds_MethodsReordered_AreUnchanged()
    {
        string reordered = Interface
            .Replace("    ValueTask<int> AddAsync(int a, int b, CancellationToken ct = default);\n", "")
            .Replace("    Task EachAsync(Func<int, ValueTask> visit);\n", "    Task EachAsync(Func<int, ValueTask> visit);\n    ValueTask<int> AddAsync(int a, int b, CancellationToken ct = default);\n");

        Assert.That(reordered, Is.Not.EqualTo(Interface), "the test must change the source");
        Assert.That(IdsByName(reordered), Is.EquivalentTo(IdsByName(Interface)));
    }

    [TestCase("int a, int b, CancellationToken ct = default", "int x, int y")]
    [TestCase("ValueTask<int> AddAsync", "int AddAsync")]
    [TestCase("ValueTask<int> AddAsync", "Task<int> AddAsync")]
    [TestCase("[Oneway] void Tick", "Task Tick")]
    [TestCase("Task<List<string>>", "Task<IReadOnlyList<string?>?>")]
    [TestCase("Task<List<string>>", "Task<string[]>")]
    [TestCase("(int From, int To) range", "(int Start, int End) span")]
    [TestCase("Func<int, ValueTask> visit", "Action<int>? visit")]
    [TestCase("Task EachAsync", "void EachAsync")]
    [TestCase("    [Oneway] void Tick(int n);\n", "    [Oneway] void Tick(int n);\n    void Reset();\n")]
    [TestCase("public interface IShop", "public interface IStore")]
    public void MethodIds_ChangesTheWireDoesNotSee_KeepEveryId(string from, string to)
    {
        string changed = Interface.Replace(from, to);

        Assert.That(changed, Is.Not.EqualTo(Interface), "the test case must change the source");
        Assert.That(IdsByName(changed), Is.SupersetOf(IdsByName(Interface)));
    }

    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<long> AddAsync(int a, int b,", "AddAsync")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<int> AddAsync(int a, long b,", "AddAsync")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<int?> AddAsync(int a, int b,", "AddAsync")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<int> AddAsync(int a, int b, int c,", "AddAsync")]
    [TestCase("Task<List<string>>", "Task<HashSet<string>>", "NamesAsync")]
    [TestCase("Task<List<string>>", "IAsyncEnumerable<string>", "NamesAsync")]
    [TestCase("(int From, int To)", "(int From, long To)", "NamesAsync")]
    [TestCase("string this[int key] { get; set; }", "string this[long key] { get; set; }", "get_Item")]
    [TestCase("Func<int, ValueTask> visit", "Func<long, ValueTask> visit", "EachAsync")]
    [TestCase("Func<int, ValueTask> visit", "Func<int, ValueTask<int>> visit", "EachAsync")]
    public void MethodIds_SignatureChanged_IsAnotherMethod(string from, string to, string method)
    {
        string changed = Interface.Replace(from, to);

        Assert.That(changed, Is.Not.EqualTo(Interface), "the test case must change the source");
        Assert.That(HashOf(changed, method), Is.Not.EqualTo(HashOf(Interface, method)));
        Assert.That(IdsByName(changed)[method], Is.Not.EqualTo(IdsByName(Interface)[method]));
    }

    [Test]
    public void MethodIds_Idempotent_DoesNotChangeThem()
    {
        // [Idempotent] is never sent: peers that disagree about it must still agree on the ids.
        string variant = Interface
            .Replace("Task<List<string>> NamesAsync", "[Idempotent] Task<List<string>> NamesAsync")
            .Replace("string this[int key] { get; set; }", "string this[int key] { [Idempotent] get; [Idempotent] set; }");

        Assert.That(variant, Does.Contain("[Idempotent] Task<List<string>>").And.Contain("[Idempotent] set;"));
        Assert.That(Hashes(variant), Is.EqualTo(Hashes(Interface)));
    }

    [Test]
    public void MethodIds_ParameterByReferenceInsteadOfByValue_Differ()
    {
        const string Shop = """
            using System.Threading.Tasks;
            using Romp;

            namespace Demo;

            [RompObject]
            public interface IShop
            {
                Task PutAsync(Item item);
            }

            """;
        string byValue = Shop + "[RompSerializable] public sealed class Item { public int X { get; set; } }";
        string byReference = Shop + "[RompObject] public interface Item { int X { get; } }";

        Assert.That(HashOf(byReference, "PutAsync", "Demo.IShop"), Is.EqualTo(MethodId.Hash("PutAsync(ref Demo.Item)->void")));
        Assert.That(HashOf(byValue, "PutAsync", "Demo.IShop"), Is.EqualTo(MethodId.Hash("PutAsync(Item)->void")));
    }

    [Test]
    public void MethodIds_SerializableTypeMovedToAnotherNamespace_AreUnchanged()
    {
        const string Shop = """
            using System.Threading.Tasks;
            using Romp;

            namespace Demo
            {
                [RompObject]
                public interface IShop
                {
                    Task PutAsync(Models.Item item);
                }
            }

            """;
        string before = Shop + "namespace Demo.Models { [RompSerializable] public sealed class Item { public int X { get; set; } } }";
        string after = Shop.Replace("Models.Item", "Contracts.Item") + "namespace Demo.Contracts { [RompSerializable] public sealed class Item { public int X { get; set; } } }";

        Assert.That(HashOf(after, "PutAsync", "Demo.IShop"), Is.EqualTo(HashOf(before, "PutAsync", "Demo.IShop")));
    }

    [Test]
    public void MethodId_ExplicitRompId_IsTakenAndTheSignatureHashStillDiffers()
    {
        string pinned = Interface.Replace("[Oneway] void Tick(int n);", "[Oneway, RompId(7)] void Tick(int n);");
        string retyped = pinned.Replace("void Tick(int n)", "void Tick(long n)");

        Assert.That(IdsByName(pinned)["Tick"], Is.EqualTo(7));
        Assert.That(HashOf(pinned, "Tick"), Is.EqualTo(MethodId.Hash("#7(int32)->void")), "the explicit id stands for the name");
        Assert.That(IdsByName(retyped)["Tick"], Is.EqualTo(7));
        Assert.That(HashOf(retyped, "Tick"), Is.Not.EqualTo(HashOf(pinned, "Tick")), "resolve still sees that the signature changed");
    }

    [Test]
    public void MethodId_ExplicitRompId_SurvivesRenamingTheMethod()
    {
        string pinned = Interface.Replace("[Oneway] void Tick(int n);", "[Oneway, RompId(7)] void Tick(int n);");
        string renamed = pinned.Replace("void Tick(int n)", "void Beat(int n)");

        Assert.That((IdsByName(renamed)["Beat"], HashOf(renamed, "Beat")), Is.EqualTo((IdsByName(pinned)["Tick"], HashOf(pinned, "Tick"))));
    }

    [Test]
    public void MethodIds_RompIdOnAProperty_NumbersTheGetterAndTheSetterAfterIt()
    {
        string pinned = Interface.Replace("string this[int key] { get; set; }", "[RompId(40)] string this[int key] { get; set; }");

        Dictionary<string, ushort> ids = IdsByName(pinned);

        Assert.That((ids["get_Item"], ids["set_Item"]), Is.EqualTo(((ushort)40, (ushort)41)));
        Assert.That((HashOf(pinned, "get_Item"), HashOf(pinned, "set_Item")), Is.EqualTo((MethodId.Hash("#40(int32)->string"), MethodId.Hash("#41(int32,string)->void"))));
    }

    [Test]
    public void ContractId_IsTheHashOfTheContractName()
    {
        ObjectModel byDefault = ModelOf(Interface);
        ObjectModel named = ModelOf(Interface.Replace("[RompObject]", "[RompObject(Name = \"shop.v1\")]"));

        Assert.That((byDefault.ContractName, byDefault.ContractId), Is.EqualTo(("Demo.IShop", ContractId.Compute("Demo.IShop"))));
        Assert.That((named.ContractName, named.ContractId), Is.EqualTo(("shop.v1", ContractId.Compute("shop.v1"))));
    }

    [Test]
    public void ContractName_NestedInterface_IsItsMetadataName()
    {
        const string Source = TestSource.Usings + """
            public static class Outer
            {
                [RompObject]
                public interface IInner { void Go(); }
            }
            """;

        Assert.That(ModelOf(Source).ContractName, Is.EqualTo("Demo.Outer+IInner"));
    }

    [TestCase("    void Reset();\n")]
    [TestCase("    [RompId(9)] Task<int> CountAsync();\n")]
    public void ContractId_MethodAddedRemovedOrChanged_IsUnchanged(string added)
    {
        string changed = Interface.Replace("    [Oneway] void Tick(int n);\n", added);

        Assert.That(ModelOf(changed).ContractId, Is.EqualTo(ModelOf(Interface).ContractId));
    }

    [Test]
    public void BlockContract_IsNamedByItsWireSignature()
    {
        BlockModel block = ModelOf(Interface).Blocks.Single();

        Assert.That(block.DisplayName, Is.EqualTo("block System.Func<int, System.Threading.Tasks.ValueTask>"));
        Assert.That(block.ContractName, Is.EqualTo("block(int32)->void"));
        Assert.That(block.ContractId, Is.EqualTo(ContractId.Compute("block(int32)->void")));
    }

    [Test]
    public void BlockContract_DelegatesThatTravelAlike_ShareIt()
    {
        string action = Interface.Replace("Func<int, ValueTask> visit", "Action<int> visit");

        Assert.That(ModelOf(action).Blocks.Single().ContractId, Is.EqualTo(ModelOf(Interface).Blocks.Single().ContractId));
    }

    private static Dictionary<string, ushort> IdsByName(string source) =>
        ModelOf(source).Methods.ToDictionary(static m => Emit.ContractEmitter.MetadataName(m), static m => m.Id);

    private static uint[] Hashes(string source) => ModelOf(source).Methods.Select(static m => m.SignatureHash).ToArray();

    private static uint HashOf(string source, string method, string? interfaceName = null) =>
        ModelOf(source, interfaceName).Methods.Single(m => Emit.ContractEmitter.MetadataName(m) == method).SignatureHash;

    // interfaceName: which model to take when the source declares several [RompObject] interfaces.
    private static ObjectModel ModelOf(string source, string? interfaceName = null)
    {
        GeneratorOutput output = GeneratorHarness.Run(source);
        GeneratorRunResult result = output.Driver.GetRunResult().Results.Single();
        return result.TrackedSteps[TrackingNames.ObjectModel]
            .SelectMany(static s => s.Outputs)
            .Select(static o => (ObjectModel)o.Value)
            .Single(m => interfaceName is null || m.DisplayName == interfaceName);
    }
}
