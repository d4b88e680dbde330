using Romp.Fuzz;

namespace Romp.Tests.Fuzzing;

/// <summary>
/// The bounded CI pass of the fuzzer (tests/Romp.Fuzz), with a fixed seed: the same conversations every run, about 30
/// seconds in all. The long mode is `dotnet run -c Release --project tests/Romp.Fuzz -- --minutes N --seed S`.
/// A failure prints the report, whose findings name the seed and conversation: `--replay I` sends that one alone.
/// </summary>
[NonParallelizable]
public sealed class FuzzTests
{
    private const int Seed = 20260101;

    [Test]
    [CancelAfter(60_000)]
    public async Task PureLevel_FixedSeed_FindsNoViolation(CancellationToken cancellationToken)
    {
        var options = new FuzzOptions { Seed = Seed, Level = FuzzLevel.Pure, Duration = TimeSpan.FromSeconds(8) };

        FuzzReport report = await FuzzRunner.RunAsync(options, cancellationToken);

        TestContext.Out.WriteLine(report);
        Assert.Multiple(() =>
        {
            Assert.That(report.PureFrames, Is.GreaterThan(10_000), "the pure level barely ran");
            Assert.That(report.Findings.Counts, Is.Empty, report.ToString());
        });
    }

    [Test]
    [Category("Socket")]
    [CancelAfter(120_000)]
    public async Task LiveLevel_FixedSeed_FindsNoViolation(CancellationToken cancellationToken)
    {
        var options = new FuzzOptions { Seed = Seed, Level = FuzzLevel.Live, Duration = TimeSpan.FromSeconds(20), Connections = 6 };

        FuzzReport report = await FuzzRunner.RunAsync(options, cancellationToken);

        TestContext.Out.WriteLine(report);
        Assert.Multiple(() =>
        {
            Assert.That(report.Conversations, Is.GreaterThan(200), "the live level barely ran");
            Assert.That(report.UserCalls, Is.GreaterThan(0), "no fuzzed call reached user code");
            Assert.That(report.CanaryCalls, Is.GreaterThan(0), "the canary made no call");
            Assert.That(report.Findings.Counts, Is.Empty, report.ToString());
        });
    }
}
