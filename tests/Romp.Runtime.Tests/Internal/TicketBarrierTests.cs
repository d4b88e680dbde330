using Romp.Internal;

namespace Romp.Tests.Internal;

/// <summary>
/// The one barrier: a waiter is released once every item outstanding when it was added has retired, in any order, and
/// items issued after it do not hold it up. Waiters released together come out oldest first.
/// </summary>
[TestFixture]
public sealed class TicketBarrierTests
{
    [Test]
    public void TryWait_NothingOutstanding_ReturnsFalseAndKeepsNoWaiter()
    {
        var barrier = new TicketBarrier<string>();

        Assert.That(barrier.TryWait("sync"), Is.False);

        // Had it kept the waiter, retiring a later item would release it.
        List<string>? released = null;
        barrier.Retire(barrier.Issue(), ref released);
        Assert.That(released, Is.Null);
    }

    [Test]
    public void TryWait_AllEarlierItemsRetired_ReturnsFalse()
    {
        var barrier = new TicketBarrier<string>();
        List<string>? released = null;
        barrier.Retire(barrier.Issue(), ref released);

        Assert.That(barrier.Outstanding, Is.Zero);
        Assert.That(barrier.TryWait("sync"), Is.False);
    }

    [Test]
    public void Retire_LastOutstandingItem_ReleasesTheWaiterOnlyThen()
    {
        var barrier = new TicketBarrier<string>();
        long first = barrier.Issue();
        long second = barrier.Issue();
        long third = barrier.Issue();
        Assert.That(barrier.TryWait("sync"), Is.True);

        List<string>? released = null;
        barrier.Retire(first, ref released);
        Assert.That(released, Is.Null);
        barrier.Retire(second, ref released);
        Assert.That(released, Is.Null);
        barrier.Retire(third, ref released);

        Assert.That(released, Is.EqualTo(new[] { "sync" }));
        Assert.That(barrier.Outstanding, Is.Zero);
    }

    [Test]
    public void Retire_OutOfIssueOrder_ReleasesWhenTheLastOfThemRetires()
    {
        var barrier = new TicketBarrier<string>();
        long first = barrier.Issue();
        long second = barrier.Issue();
        Assert.That(barrier.TryWait("sync"), Is.True);

        List<string>? released = null;
        barrier.Retire(second, ref released);
        Assert.That(released, Is.Null, "the first item is still outstanding");
        barrier.Retire(first, ref released);

        Assert.That(released, Is.EqualTo(new[] { "sync" }));
    }

    [Test]
    public void Issue_AfterTheWaiter_DoesNotHoldItUp()
    {
        var barrier = new TicketBarrier<string>();
        long before = barrier.Issue();
        Assert.That(barrier.TryWait("sync"), Is.True);
        long after = barrier.Issue();

        List<string>? released = null;
        barrier.Retire(after, ref released);
        Assert.That(released, Is.Null, "retiring a later item must not count against the waiter");
        barrier.Retire(before, ref released);

        Assert.That(released, Is.EqualTo(new[] { "sync" }));
        Assert.That(barrier.Outstanding, Is.Zero);
    }

    [Test]
    public void Issue_AfterTheWaiter_StillOutstandingWhenItIsReleased()
    {
        var barrier = new TicketBarrier<string>();
        long before = barrier.Issue();
        Assert.That(barrier.TryWait("sync"), Is.True);
        _ = barrier.Issue();

        List<string>? released = null;
        barrier.Retire(before, ref released);

        Assert.That(released, Is.EqualTo(new[] { "sync" }));
        Assert.That(barrier.Outstanding, Is.EqualTo(1));
    }

    [Test]
    public void Retire_ReleasingSeveralWaiters_ReturnsThemOldestFirst()
    {
        var barrier = new TicketBarrier<int>();
        long first = barrier.Issue();
        Assert.That(barrier.TryWait(1), Is.True);  // waits for first
        long second = barrier.Issue();
        Assert.That(barrier.TryWait(2), Is.True);  // waits for first and second
        Assert.That(barrier.TryWait(3), Is.True);  // the same

        List<int>? released = null;
        barrier.Retire(second, ref released);
        Assert.That(released, Is.Null, "every waiter still waits for the first item");
        barrier.Retire(first, ref released);

        Assert.That(released, Is.EqualTo(new[] { 1, 2, 3 }));
    }

    [Test]
    public void Retire_OnlyEarlierWaitersSatisfied_LaterOnesKept()
    {
        var barrier = new TicketBarrier<int>();
        long first = barrier.Issue();
        Assert.That(barrier.TryWait(1), Is.True);
        long second = barrier.Issue();
        Assert.That(barrier.TryWait(2), Is.True);

        List<int>? released = null;
        barrier.Retire(first, ref released);
        Assert.That(released, Is.EqualTo(new[] { 1 }));

        released = null;
        barrier.Retire(second, ref released);
        Assert.That(released, Is.EqualTo(new[] { 2 }));
    }

    [Test]
    public void Clear_DropsWaiters_LaterRetiresReleaseNothing()
    {
        var barrier = new TicketBarrier<string>();
        long ticket = barrier.Issue();
        Assert.That(barrier.TryWait("sync"), Is.True);

        barrier.Clear();
        List<string>? released = null;
        barrier.Retire(ticket, ref released);

        Assert.That(released, Is.Null);
    }
}
