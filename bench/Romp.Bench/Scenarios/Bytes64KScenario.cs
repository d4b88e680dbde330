using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>One caller echoing a 64 KiB byte[] at a time. The rate is payload megabytes (10^6) per second, each way.</summary>
internal sealed class Bytes64KScenario(string endpoint) : RompScenario(ScenarioNames.Bytes64K, "MB/s", endpoint)
{
    public const int Size = 64 * 1024;

    private readonly byte[] _data = CreateData();

    public override double Rate(RunResult run) => run.Operations * (double)Size / run.Seconds / 1_000_000;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        byte[] data = _data;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            byte[] echoed = await bench.EchoBytesAsync(data).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            // Spot checks: comparing all 64 KiB would add a measurable cost to what is measured.
            if (echoed.Length != Size || echoed[calls & (Size - 1)] != data[calls & (Size - 1)] || echoed[Size - 1] != data[Size - 1])
                throw new BenchFailedException($"{Name}: the echoed bytes differ from the ones sent.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }

    /// <summary>The payload both bytes64k and raw-bytes64k send: 64 KiB of seeded random bytes.</summary>
    public static byte[] CreateData()
    {
        byte[] data = new byte[Size];
        new Random(42).NextBytes(data);
        return data;
    }
}
