using Microsoft.CodeAnalysis;
using Romp.Generators.Model;
using Romp.Generators.Parsing;
using Romp.Generators.Tests.Support;

namespace Romp.Generators.Tests;

[TestFixture]
public sealed class ContractIdTests
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
    public void Compute_ReferenceVectors_MatchFnv1a64(string text, ulong expected) =>
        Assert.That(ContractId.Compute(text), Is.EqualTo(expected));

    [Test]
    public void ContractId_SameInterfaceInTwoCompilations_IsEqual()
    {
        ulong first = IdOf(Interface);
        ulong second = IdOf(Interface);

        Assert.That(second, Is.EqualTo(first));
    }

    [Test]
    public void ContractId_NullableContextParameterAndTupleNames_DoNotChangeIt()
    {
        string variant = "#nullable disable\n" + Interface
            .Replace("int a, int b", "int x, int y")
            .Replace("(int From, int To) range", "(int Start, int End) span")
            .Replace("int key", "int index")
            .Replace("Task<List<string>>", "Task<List<string?>?>");

        Assert.That(IdOf(variant), Is.EqualTo(IdOf(Interface)));
    }

    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<long> AddAsync(int a, int b,")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<int> AddAsync(int a, long b,")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "ValueTask<int> SumAsync(int a, int b,")]
    [TestCase("ValueTask<int> AddAsync(int a, int b,", "Task<int> AddAsync(int a, int b,")]
    [TestCase(", CancellationToken ct = default)", ")")]
    [TestCase("[Oneway] void Tick", "void Tick")]
    [TestCase("{ get; set; }", "{ get; }")]
    [TestCase("Task<List<string>>", "Task<string[]>")]
    [TestCase("(int From, int To)", "(int From, long To)")]
    [TestCase("public interface IShop", "public interface IStore")]
    [TestCase("    [Oneway] void Tick(int n);\n", "    [Oneway] void Tick(int n);\n    void Reset();\n")]
    [TestCase("Func<int, ValueTask> visit", "Func<long, ValueTask> visit")]
    [TestCase("Func<int, ValueTask> visit", "Func<int, Task> visit")]
    [TestCase("Func<int, ValueTask> visit", "Func<int, ValueTask<int>> visit")]
    [TestCase("Func<int, ValueTask> visit", "Action<int> visit")]
    [TestCase("Func<int, ValueTask> visit", "Func<int, int, ValueTask> visit")]
    public void ContractId_SignatureChanged_Differs(string from, string to)
    {
        string changed = Interface.Replace(from, to);
        Assert.That(changed, Is.Not.EqualTo(Interface), "the test case must change the source");
        Assert.That(IdOf(changed), Is.Not.EqualTo(IdOf(Interface)));
    }

    [Test]
    public void ContractId_ParameterByReferenceInsteadOfByValue_Differs()
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

        Assert.That(IdOf(byReference, "Demo.IShop"), Is.Not.EqualTo(IdOf(byValue, "Demo.IShop")));
    }

    [Test]
    public void ContractId_Idempotent_DoesNotChangeIt()
    {
        // [Idempotent] is never sent: peers that disagree about it must still agree on the id.
        string variant = Interface
            .Replace("Task<List<string>> NamesAsync", "[Idempotent] Task<List<string>> NamesAsync")
            .Replace("string this[int key] { get; set; }", "string this[int key] { [Idempotent] get; [Idempotent] set; }");

        Assert.That(variant, Does.Contain("[Idempotent] Task<List<string>>").And.Contain("[Idempotent] set;"));
        Assert.That(IdOf(variant), Is.EqualTo(IdOf(Interface)));
    }

    [Test]
    public void ContractId_NullableBlockAndReference_DoNotChangeIt()
    {
        string variant = Interface
            .Replace("Func<int, ValueTask> visit", "Func<int, ValueTask>? visit")
            .Replace("Task<List<string>>", "Task<List<string?>?>");

        Assert.That(IdOf(variant), Is.EqualTo(IdOf(Interface)));
    }

    [Test]
    public void BlockContractId_IsHashOfBlockAndCanonicalDelegateSignature()
    {
        BlockModel block = ModelOf(Interface, "Demo.IShop").Blocks.Single();

        Assert.That(block.DisplayName, Is.EqualTo("block System.Func<int, System.Threading.Tasks.ValueTask>"));
        Assert.That(block.ContractId, Is.EqualTo(ContractId.Compute("block global::System.Func<int, global::System.Threading.Tasks.ValueTask>")));
    }

    // interfaceName: which model to take when the source declares several [RompObject] interfaces.
    private static ulong IdOf(string source, string? interfaceName = null) => ModelOf(source, interfaceName).ContractId;

    private static ObjectModel ModelOf(string source, string? interfaceName)
    {
        GeneratorOutput output = GeneratorHarness.Run(source);
        GeneratorRunResult result = output.Driver.GetRunResult().Results.Single();
        return result.TrackedSteps[TrackingNames.ObjectModel]
            .SelectMany(static s => s.Outputs)
            .Select(static o => (ObjectModel)o.Value)
            .Single(m => interfaceName is null || m.DisplayName == interfaceName);
    }
}
