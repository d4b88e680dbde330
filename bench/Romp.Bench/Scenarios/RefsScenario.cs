using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// Distributed objects created, called once and released: each of <see cref="Workers"/> callers loops on
/// <c>CreateAsync()</c>, one <c>IncrementAsync()</c> on the proxy it got, and disposing that proxy (a release batched
/// into a RELEASE frame, no round trip). One operation is one object; its latency is the two round trips. After each
/// run, a SYNC (which follows every queued release) must leave the server's export table as it was before the run.
/// </summary>
internal sealed class RefsScenario(string endpoint) : RompScenario(ScenarioNames.Refs, "objects/s", endpoint)
{
    public const int Workers = 4;

    public override int Callers => Workers;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        int baseline = await ExportCountAsync().ConfigureAwait(false);
        RunResult run = await RunCallersAsync(seconds, recorders, WorkerAsync, cancellationToken).ConfigureAwait(false);
        int after = await ExportCountAsync().ConfigureAwait(false);
        // Only a leak raises the count; another client's connection closing meanwhile may lower it.
        if (after > baseline)
            throw new BenchFailedException($"{Name}: after {run.Operations:N0} objects and a SYNC the server still exports {after - baseline:N0} more than before the run ({after:N0}, was {baseline:N0}).");
        return run;
    }

    private async Task<long> WorkerAsync(LatencyRecorder latency, long deadline, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        long now = Stopwatch.GetTimestamp();
        long objects = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            IBenchCounter counter = await bench.CreateAsync().ConfigureAwait(false);
            int count = await counter.IncrementAsync().ConfigureAwait(false);
            ((IDisposable)counter).Dispose();
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            if (count != 1)
                throw new BenchFailedException($"{Name}: the first IncrementAsync on a new counter returned {count}.");
            objects++;
        }

        return objects;
    }

    private async ValueTask<int> ExportCountAsync()
    {
        await Client.SyncAsync().WaitAsync(SyncTimeout).ConfigureAwait(false);
        return await Bench.ExportCountAsync().ConfigureAwait(false);
    }
}
