namespace Romp.Tests.Hosting;

/// <summary><see cref="RompReconnectPolicy.Exponential"/>: doubling delays with bounded jitter, a ceiling, and giving up.</summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class ReconnectPolicyTests
{
    private static readonly RompException s_lost = new(RompError.ConnectionBroken, "lost");

    [Test]
    public void Exponential_DelaysDouble_WithinTwentyPercent()
    {
        RompReconnectPolicy policy = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));

        for (int attempt = 1; attempt <= 8; attempt++)
        {
            double expected = 100 * Math.Pow(2, attempt - 1);
            for (int sample = 0; sample < 50; sample++)
            {
                TimeSpan delay = policy.NextDelay(attempt, s_lost)!.Value;
                Assert.That(delay.TotalMilliseconds, Is.InRange(expected * 0.8 - 0.001, expected * 1.2 + 0.001), $"attempt {attempt}");
            }
        }
    }

    [Test]
    public void Exponential_Jitter_VariesTheDelays()
    {
        RompReconnectPolicy policy = RompReconnectPolicy.Exponential(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));

        var delays = Enumerable.Range(0, 50).Select(_ => policy.NextDelay(1, s_lost)!.Value).ToHashSet();

        Assert.That(delays.Count, Is.GreaterThan(10), "clients that lost the same server must not all come back at once");
    }

    [Test]
    public void Exponential_NeverExceedsTheMaximum_EvenAtHugeAttemptNumbers()
    {
        RompReconnectPolicy policy = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2));

        foreach (int attempt in new[] { 5, 6, 30, 31, 1000, int.MaxValue })
            Assert.That(policy.NextDelay(attempt, s_lost)!.Value, Is.LessThanOrEqualTo(TimeSpan.FromSeconds(2)), $"attempt {attempt}");
    }

    [Test]
    public void Exponential_MaxAttempts_GivesUpAfterThem()
    {
        RompReconnectPolicy policy = RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.Zero, maxAttempts: 3);

        Assert.That(Enumerable.Range(1, 4).Select(attempt => policy.NextDelay(attempt, s_lost)), Is.EqualTo(new TimeSpan?[] { TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, null }));
    }

    [Test]
    public void Exponential_WithoutMaxAttempts_NeverGivesUp() =>
        Assert.That(RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.FromSeconds(1)).NextDelay(1_000_000, s_lost), Is.Not.Null);

    [Test]
    public void Exponential_WaitForReconnect_IsThePolicysChoice()
    {
        Assert.That(RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.Zero).WaitForReconnect, Is.True);
        Assert.That(RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.Zero, waitForReconnect: false).WaitForReconnect, Is.False);
    }

    [Test]
    public void Exponential_OutOfRangeArguments_AreRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => RompReconnectPolicy.Exponential(TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RompReconnectPolicy.Exponential(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.Zero, maxAttempts: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => RompReconnectPolicy.Exponential(TimeSpan.Zero, TimeSpan.Zero).NextDelay(0, s_lost));
    }
}
