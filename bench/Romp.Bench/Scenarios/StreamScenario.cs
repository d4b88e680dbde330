using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// Items per second of one large <c>StreamAsync(count)</c>. The count is sized from the rate seen so far so that the
/// stream runs for about the requested time and finishes on its own; a stream that overruns badly is abandoned.
/// </summary>
internal sealed class StreamScenario(string endpoint) : RompScenario(ScenarioNames.Stream, "items/s", endpoint)
{
    private const int MinCount = 10_000;

    private double _itemsPerSecond;

    public override int Callers => 0;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        long start = Stopwatch.GetTimestamp();
        long hardDeadline = Deadline(start, (seconds * 3) + 10);
        long now = start;
        long items = 0;
        while (Seconds(now - start) < seconds * 0.9 && now < hardDeadline && !cancellationToken.IsCancellationRequested)
        {
            double remaining = seconds - Seconds(now - start);
            int count = _itemsPerSecond > 0 ? (int)Math.Clamp(_itemsPerSecond * remaining, MinCount, int.MaxValue) : MinCount;
            long streamStart = now;
            int expected = 0;
            await foreach (int item in bench.StreamAsync(count, cancellationToken).ConfigureAwait(false))
            {
                if (item != expected)
                    throw new BenchFailedException($"{Name}: item {expected} of the stream was {item}.");
                expected++;
                if ((expected & 4095) == 0 && Stopwatch.GetTimestamp() >= hardDeadline)
                    break;
            }

            now = Stopwatch.GetTimestamp();
            items += expected;
            if (expected < count && now < hardDeadline && !cancellationToken.IsCancellationRequested)
                throw new BenchFailedException($"{Name}: the stream ended after {expected:N0} of {count:N0} items.");
            _itemsPerSecond = expected / Math.Max(Seconds(now - streamStart), 1e-6);
        }

        return new RunResult(items, Seconds(now - start));
    }
}
