using Romp.CompilerServices;

namespace Romp.Tests.Rpc;

/// <summary>
/// What a generated contract declares about its methods: their names, as logs and traces use them, and the idempotent
/// ids, as the proxy's retry path asks for them.
/// </summary>
[TestFixture]
public sealed class RompObjectContractTests
{
    // Every id up to the largest names a method, so the idempotent tests can list any id.
    private static readonly string[] s_everyMethod = Enumerable.Range(1, ushort.MaxValue).Select(static id => "M" + id).ToArray();

    [Test]
    public void IsIdempotent_ContractWithoutIds_IsFalseForEveryId()
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy"]);

        Assert.That(Enumerable.Range(0, ushort.MaxValue + 1).Where(id => contract.IsIdempotent((ushort)id)), Is.Empty);
    }

    [Test]
    public void IsIdempotent_ListedIds_IsTrueForThoseOnly()
    {
        RompObjectContract contract = Create([3, 1, 64, 63]);

        int[] idempotent = Enumerable.Range(0, ushort.MaxValue + 1).Where(id => contract.IsIdempotent((ushort)id)).ToArray();

        Assert.That(idempotent, Is.EqualTo(new[] { 1, 3, 63, 64 }));
    }

    [Test]
    public void IsIdempotent_IdZero_IsFalse()
    {
        // Bit 0 of the first word is never set; ids 64, 128, ... share its position in their own words.
        RompObjectContract contract = Create([1, 64, 128]);

        Assert.That(contract.IsIdempotent(0), Is.False);
    }

    [Test]
    public void IsIdempotent_LargestId_IsTrueWhenListed()
    {
        RompObjectContract contract = Create([1, ushort.MaxValue]);

        Assert.That(contract.IsIdempotent(ushort.MaxValue), Is.True);
        Assert.That(contract.IsIdempotent(ushort.MaxValue - 1), Is.False);
        Assert.That(contract.IsIdempotent(ushort.MaxValue - 64), Is.False);
    }

    [Test]
    public void IsIdempotent_IdsPastTheHighestListed_AreFalse()
    {
        RompObjectContract contract = Create([2]);

        Assert.That(contract.IsIdempotent(1), Is.False);
        Assert.That(contract.IsIdempotent(3), Is.False);
        Assert.That(contract.IsIdempotent(66), Is.False);        // bit 2 of a word past the end
        Assert.That(contract.IsIdempotent(ushort.MaxValue), Is.False);
    }

    [Test]
    public void IsIdempotent_DuplicateIds_AreListedOnce()
    {
        RompObjectContract contract = Create([5, 5, 5]);

        Assert.That(Enumerable.Range(0, 70).Where(id => contract.IsIdempotent((ushort)id)), Is.EqualTo(new[] { 5 }));
    }

    [Test]
    public void IsIdempotent_ManyCalls_DoNotAllocate()
    {
        RompObjectContract contract = Create([1, 7, 300]);
        contract.IsIdempotent(7);

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
    public void Constructor_IdZero_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Create([2, 0]));

        Assert.That(error!.ParamName, Is.EqualTo("idempotentMethodIds"));
    }

    [Test]
    public void Constructor_EmptyIds_BehavesAsWithout()
    {
        RompObjectContract contract = Create([]);

        Assert.That(contract.IsIdempotent(1), Is.False);
        Assert.That(contract.InterfaceName, Is.EqualTo("Demo.IShop"));
    }

    [Test]
    public void Constructor_IdPastTheLastMethod_Throws()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy", "Sell"], [2, 3]));

        Assert.That(error!.ParamName, Is.EqualTo("idempotentMethodIds"));
    }

    [Test]
    public void GetMethodName_DefinedIds_NameTheMethodsInIdOrder()
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy", "get_Stock"]);

        Assert.That(contract.MethodCount, Is.EqualTo(2));
        Assert.That(contract.GetMethodName(1), Is.EqualTo("Buy"));
        Assert.That(contract.GetMethodName(2), Is.EqualTo("get_Stock"));
    }

    [TestCase((ushort)0)]
    [TestCase((ushort)3)]
    [TestCase(ushort.MaxValue)]
    public void GetMethodName_UndefinedId_IsNull(ushort methodId)
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy", "Sell"]);

        Assert.That(contract.GetMethodName(methodId), Is.Null);
    }

    [Test]
    public void GetQualifiedMethodName_DefinedAndUndefinedIds_NameInterfaceAndMethod()
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy", "Sell"]);

        Assert.That(contract.GetQualifiedMethodName(2), Is.EqualTo("Demo.IShop/Sell"));
        Assert.That(contract.GetQualifiedMethodName(9), Is.EqualTo("Demo.IShop/#9"));
    }

    [Test]
    public void GetQualifiedMethodName_ManyCalls_DoNotAllocate()
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, ["Buy", "Sell"]);
        string first = contract.GetQualifiedMethodName(1);

        long before = GC.GetAllocatedBytesForCurrentThread();
        int same = 0;
        for (int i = 0; i < 1000; i++)
        {
            if (ReferenceEquals(contract.GetQualifiedMethodName(1), first))
                same++;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.That(same, Is.EqualTo(1000));
        Assert.That(allocated, Is.Zero);
    }

    private static RompObjectContract Create(ReadOnlySpan<ushort> idempotent) =>
        new("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, s_everyMethod, idempotent);

    private sealed class NoDispatcher : DispatcherBase
    {
        public static readonly NoDispatcher Instance = new();

        public override ValueTask DispatchAsync(IncomingCall call) => call.UnknownMethod();
    }
}
