using Romp.CompilerServices;

namespace Romp.Tests.Rpc;

/// <summary>
/// What a generated contract declares about its methods: their sparse ids (docs/protocol.md §4.3), their names, as logs
/// and traces use them, and the idempotent ids, as the proxy's retry path asks for them.
/// </summary>
[TestFixture]
public sealed class RompObjectContractTests
{
    // Sparse, as the generator derives them from signatures: never 1..n.
    private static readonly ushort[] s_ids = [3, 64, 1000, 20000, 32767];
    private static readonly uint[] s_hashes = [0xA0, 0xA1, 0xA2, 0xA3, 0xA4];
    private static readonly string[] s_names = ["Buy", "get_Stock", "set_Stock", "Sell", "Close"];

    [Test]
    public void IsIdempotent_ContractWithoutIdempotentMethods_IsFalseForEveryId()
    {
        RompObjectContract contract = Create([]);

        Assert.That(Enumerable.Range(0, ushort.MaxValue + 1).Where(id => contract.IsIdempotent((ushort)id)), Is.Empty);
    }

    [Test]
    public void IsIdempotent_ListedIds_IsTrueForThoseOnly()
    {
        RompObjectContract contract = Create([32767, 3, 1000]);

        int[] idempotent = Enumerable.Range(0, ushort.MaxValue + 1).Where(id => contract.IsIdempotent((ushort)id)).ToArray();

        Assert.That(idempotent, Is.EqualTo(new[] { 3, 1000, 32767 }));
    }

    [Test]
    public void IsIdempotent_ManyMethods_BitSetSpansWords()
    {
        // 130 methods: the table's indexes run past two 64-bit words.
        ushort[] ids = Enumerable.Range(1, 130).Select(static i => (ushort)(i * 200)).ToArray();
        var contract = new RompObjectContract("Demo.IShop", "demo.shop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance,
            ids, new uint[ids.Length], ids.Select(static id => "M" + id).ToArray(), [200, 12800, 26000]);

        int[] idempotent = ids.Where(id => contract.IsIdempotent(id)).Select(static id => (int)id).ToArray();

        Assert.That(idempotent, Is.EqualTo(new[] { 200, 12800, 26000 }));
        Assert.That(contract.IsIdempotent(12801), Is.False);
    }

    [Test]
    public void IsIdempotent_DuplicateIds_AreListedOnce()
    {
        RompObjectContract contract = Create([64, 64, 64]);

        Assert.That(s_ids.Where(id => contract.IsIdempotent(id)), Is.EqualTo(new[] { 64 }));
    }

    [Test]
    public void IsIdempotent_ManyCalls_DoNotAllocate()
    {
        RompObjectContract contract = Create([3, 1000, 32767]);
        contract.IsIdempotent(1000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int hits = 0;
        for (int id = 0; id <= ushort.MaxValue; id++)
        {
            if (contract.IsIdempotent((ushort)id))
                hits++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(hits, Is.EqualTo(3));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Constructor_IdempotentIdOfNoMethod_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create([3, 4]));

        Assert.That(error!.ParamName, Is.EqualTo("idempotentMethodIds"));
    }

    [Test]
    public void Constructor_IdsOutOfOrder_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new RompObjectContract("Demo.IShop", "demo.shop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance,
                [5, 2], [0, 0], ["A", "B"]));

        Assert.That(error!.ParamName, Is.EqualTo("methodIds"));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)0x8000)]
    public void Constructor_IdOutOfRange_Throws(ushort id)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RompObjectContract("Demo.IShop", "demo.shop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance,
                [id], [0], ["A"]));

        Assert.That(error!.ParamName, Is.EqualTo("methodIds"));
    }

    [Test]
    public void Constructor_TablesOfDifferentLengths_Throws()
    {
        Assert.Throws<ArgumentException>(() =>
            new RompObjectContract("Demo.IShop", "demo.shop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance,
                [1, 2], [0], ["A", "B"]));
    }

    [Test]
    public void GetMethodName_DefinedIds_NameTheirMethods()
    {
        RompObjectContract contract = Create([]);

        Assert.That(contract.MethodCount, Is.EqualTo(5));
        Assert.That(s_ids.Select(id => contract.GetMethodName(id)), Is.EqualTo(s_names));
        Assert.That(contract.ContractName, Is.EqualTo("demo.shop"));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)1)]
    [TestCase((ushort)4)]
    [TestCase((ushort)19999)]
    [TestCase(ushort.MaxValue)]
    public void GetMethodName_UndefinedId_IsNull(ushort methodId)
    {
        RompObjectContract contract = Create([]);

        Assert.That(contract.GetMethodName(methodId), Is.Null);
    }

    [Test]
    public void GetQualifiedMethodName_DefinedAndUndefinedIds_NameInterfaceAndMethod()
    {
        RompObjectContract contract = Create([]);

        Assert.That(contract.GetQualifiedMethodName(20000), Is.EqualTo("Demo.IShop/Sell"));
        Assert.That(contract.GetQualifiedMethodName(9), Is.EqualTo("Demo.IShop/#9"));
    }

    [Test]
    public void GetQualifiedMethodName_ManyCalls_DoNotAllocate()
    {
        RompObjectContract contract = Create([]);
        string first = contract.GetQualifiedMethodName(1000);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int same = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (ReferenceEquals(contract.GetQualifiedMethodName(1000), first))
                same++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(same, Is.EqualTo(1000));
        Assert.That(allocated, Is.Zero);
    }

    [Test]
    public void Describe_WithoutGeneratedDescription_ListsTheTableWithItsHashes()
    {
        RompObjectContract contract = Create([64]);

        Romp.Description.RompContractDescription description = contract.Describe();

        Assert.That(description.ContractName, Is.EqualTo("demo.shop"));
        Assert.That(description.Methods.Select(static m => (m.Id, m.SignatureHash, m.Name, m.IsIdempotent)), Is.EqualTo(new[]
        {
            ((ushort)3, 0xA0u, "Buy", false), ((ushort)64, 0xA1u, "get_Stock", true), ((ushort)1000, 0xA2u, "set_Stock", false),
            ((ushort)20000, 0xA3u, "Sell", false), ((ushort)32767, 0xA4u, "Close", false),
        }));
    }

    private static RompObjectContract Create(ReadOnlySpan<ushort> idempotent) =>
        new("Demo.IShop", "demo.shop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, s_ids, s_hashes, s_names, idempotent);

    private sealed class NoDispatcher : DispatcherBase
    {
        public static readonly NoDispatcher Instance = new();

        public override ValueTask DispatchAsync(IncomingCall call) => call.UnknownMethod();
    }
}
