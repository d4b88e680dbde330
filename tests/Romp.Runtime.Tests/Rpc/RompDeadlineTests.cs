namespace Romp.Tests.Rpc;

/// <summary>The ambient deadline alone: scopes nest to the earliest, restore on dispose, and flow across awaits.</summary>
[CancelAfter(10_000)]
public sealed class RompDeadlineTests
{
    [Test]
    public void Remaining_OutsideAnyScope_IsNull()
    {
        Assert.That(RompDeadline.Remaining, Is.Null);
    }

    [Test]
    public void Within_NestedLaterScope_KeepsTheEarlierDeadline()
    {
        using (RompDeadline.Within(TimeSpan.FromSeconds(1)))
        {
            using (RompDeadline.Within(TimeSpan.FromHours(1)))
                Assert.That(RompDeadline.Remaining, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
            using (RompDeadline.Within(TimeSpan.FromMilliseconds(100)))
                Assert.That(RompDeadline.Remaining, Is.LessThanOrEqualTo(TimeSpan.FromMilliseconds(100)));
            Assert.That(RompDeadline.Remaining, Is.GreaterThan(TimeSpan.FromMilliseconds(100)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
        }

        Assert.That(RompDeadline.Remaining, Is.Null);
    }

    [Test]
    public void Within_Zero_HasNothingLeft()
    {
        using (RompDeadline.Within(TimeSpan.Zero))
            Assert.That(RompDeadline.Remaining, Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void Within_Infinite_AddsNoDeadline()
    {
        using (RompDeadline.Within(Timeout.InfiniteTimeSpan))
            Assert.That(RompDeadline.Remaining, Is.Null);
    }

    [TestCase(-5, TestName = "Within_Negative_ThrowsArgumentOutOfRange")]
    [TestCase(50L * 24 * 3600 * 1000, TestName = "Within_Over49Days_ThrowsArgumentOutOfRange")]
    public void Within_OutOfRange_ThrowsArgumentOutOfRange(long milliseconds)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RompDeadline.Within(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public async Task Within_AcrossAwaits_FlowsAndEndsWithTheScope(CancellationToken cancellationToken)
    {
        using (RompDeadline.Within(TimeSpan.FromSeconds(5)))
        {
            await Task.Yield();
            Assert.That(await Task.Run(() => RompDeadline.Remaining, cancellationToken), Is.Not.Null);
        }

        Assert.That(RompDeadline.Remaining, Is.Null);
    }

    [Test]
    public void DefaultCallTimeout_Negative_IsRefusedWhenTheConnectionIsMade()
    {
        var options = new RompClientOptions { DefaultCallTimeout = TimeSpan.FromSeconds(-1) };

        ArgumentOutOfRangeException? error = Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => RompClient.ConnectAsync("tcp://127.0.0.1:1", options));

        Assert.That(error!.ParamName, Is.EqualTo(nameof(RompConnectionOptions.DefaultCallTimeout)));
    }
}
