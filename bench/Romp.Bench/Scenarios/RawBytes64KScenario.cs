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

    public override double Rate(RunResult run) => Bytes64KScenario.MegabytesPerSecond(run);

    protected override RunResult Run(RawConnection connection, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
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
            if (!Bytes64KScenario.IsEcho(echoed, data, calls))
                throw new BenchFailedException($"{Name}: the echoed bytes differ from the ones sent.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }
}
