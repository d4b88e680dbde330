using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>One caller, one call at a time: <c>await EchoAsync(i)</c>. Measures latency, in the default mode or the low-latency one.</summary>
internal sealed class RoundtripScenario(string endpoint, bool lowLatency = false)
    : RompScenario(lowLatency ? ScenarioNames.RoundtripLowLatency : ScenarioNames.Roundtrip, "calls/s", endpoint, lowLatency ? LowLatency.ClientOptions() : null)
{
    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            int echoed = await bench.EchoAsync(calls).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            if (echoed != calls)
                throw new BenchFailedException($"{Name}: EchoAsync({calls}) returned {echoed}.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }
}
