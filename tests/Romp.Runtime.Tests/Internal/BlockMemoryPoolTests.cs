using System.Buffers;
using Romp.Internal;

namespace Romp.Tests.Internal;

/// <summary>The pipes' block pool alone: blocks come back for reuse, and an idle pool gives them back to the GC.</summary>
[TestFixture]
public sealed class BlockMemoryPoolTests
{
    [Test]
    public void TrimIfIdle_AfterUse_KeepsBlocks_ThenGivesThemBackOnceIdle()
    {
        var pool = new BlockMemoryPool();
        List<IMemoryOwner<byte>> rented = Enumerable.Range(0, 8).Select(_ => pool.Rent()).ToList();
        rented.ForEach(static block => block.Dispose());

        int whileBusy = pool.TrimIfIdle();
        int retainedAfterBusy = pool.Retained;
        int onceIdle = pool.TrimIfIdle();

        Assert.That((whileBusy, retainedAfterBusy), Is.EqualTo((0, 8)), "blocks asked for since the last look are kept");
        Assert.That((onceIdle, pool.Retained), Is.EqualTo((8, 0)));
        using IMemoryOwner<byte> again = pool.Rent();
        Assert.That(again.Memory.Length, Is.EqualTo(BlockMemoryPool.BlockSize));
    }

    [Test]
    public void Dispose_Twice_ReturnsTheBlockOnce()
    {
        var pool = new BlockMemoryPool();
        IMemoryOwner<byte> block = pool.Rent();

        block.Dispose();
        block.Dispose();

        Assert.That(pool.Retained, Is.EqualTo(1));
    }

    [Test]
    public void FullCollections_IdlePool_TrimmedWithoutBeingAsked()
    {
        var pool = new BlockMemoryPool();
        List<IMemoryOwner<byte>> rented = Enumerable.Range(0, 4).Select(_ => pool.Rent()).ToList();
        rented.ForEach(static block => block.Dispose());

        // The first full collection sees the rents above; one after it finds the pool idle. Bounded: a few at most.
        for (int i = 0; i < 5 && pool.Retained > 0; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }

        Assert.That(pool.Retained, Is.Zero);
    }
}
