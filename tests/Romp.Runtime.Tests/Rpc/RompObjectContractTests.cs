using Romp.CompilerServices;

namespace Romp.Tests.Rpc;

/// <summary>The idempotent method ids a generated contract declares, as the proxy's retry path asks for them.</summary>
[TestFixture]
public sealed class RompObjectContractTests
{
    [Test]
    public void IsIdempotent_ContractWithoutIds_IsFalseForEveryId()
    {
        var contract = new RompObjectContract("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance);

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

    private static RompObjectContract Create(ReadOnlySpan<ushort> idempotent) =>
        new("Demo.IShop", 1, RompAccess.Parallel, static _ => new object(), NoDispatcher.Instance, idempotent);

    private sealed class NoDispatcher : DispatcherBase
    {
        public static readonly NoDispatcher Instance = new();

        public override ValueTask DispatchAsync(IncomingCall call) => call.UnknownMethod();
    }
}
