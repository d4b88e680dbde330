using System.Diagnostics;
using Romp.Bench.Raw;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The floor under <see cref="Bytes64KScenario"/>: one caller echoing a 64 KiB payload in one frame over a bare
/// socket, blocking, against the raw server's dedicated thread. The rate is payload megabytes (10^6) per second, each way.
/// </summary>
internal sealed class RawBytes64KScenario(string endpoint) : RawScenario(ScenarioNames.RawBytes64K, "MB/s", endpoint)
{
    private readonly byte[] _data = Bytes64KScenario.CreateData();

    public override double Rate(RunResult run) => run.Operations * (double)Bytes64KScenario.Size / run.Seconds / 1_000_000;

    protected override RunResult Run(RawConnection connection, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        const int Size = Bytes64KScenario.Size;
        byte[] data = _data;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            ReadOnlySpan<byte> echoed = connection.EchoBytes(data);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            // The same spot checks as bytes64k, so both sides of the comparison do the same work.
            if (echoed.Length != Size || echoed[calls & (Size - 1)] != data[calls & (Size - 1)] || echoed[Size - 1] != data[Size - 1])
                throw new BenchFailedException($"{Name}: the echoed bytes differ from the ones sent.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }
}
