using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>One caller, one ONEWAY_SYNC at a time: <c>await TickSyncAsync(i)</c>, acknowledged on receipt.</summary>
internal sealed class OnewaySyncScenario(string endpoint) : RompScenario(ScenarioNames.OnewaySync, "calls/s", endpoint)
{
    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        LatencyRecorder latency = recorders[0];
        long before = await bench.TicksAsync().ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            await bench.TickSyncAsync(calls).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            calls++;
        }

        await VerifyTicksAsync(before, calls).ConfigureAwait(false);
        return new RunResult(calls, Seconds(now - start));
    }
}
