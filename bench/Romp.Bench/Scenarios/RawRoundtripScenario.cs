using System.Diagnostics;
using Romp.Bench.Raw;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The floor under <see cref="RoundtripScenario"/>: the same sequential request/reply on a bare socket. Blocking, it is
/// what a thread that sleeps in the kernel can do; busy-polling on both sides, it is the round trip of the loopback
/// stack itself, with no thread woken anywhere.
/// </summary>
internal sealed class RawRoundtripScenario(string endpoint, bool busyPoll = false)
    : RawScenario(busyPoll ? ScenarioNames.RawRoundtripSpin : ScenarioNames.RawRoundtrip, "calls/s", endpoint, busyPoll)
{
    public override string? Note => BusyPoll ? "both sides spin on non-blocking sockets: two busy cores, no wake-ups" : null;

    protected override RunResult Run(RawConnection connection, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(seconds * Stopwatch.Frequency);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            int echoed = connection.Echo(calls);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            if (echoed != calls)
                throw new BenchFailedException($"{Name}: echo of {calls} returned {echoed}.");
            calls++;
        }

        return new RunResult(calls, (double)(now - start) / Stopwatch.Frequency);
    }
}
