using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// <see cref="Window"/> callers on one connection, each issuing its next EchoAsync as soon as the last one returns, so
/// that 64 calls are outstanding at all times. Measures what one connection carries when the caller does not wait.
/// </summary>
internal sealed class PipelinedScenario(string endpoint) : RompScenario(ScenarioNames.Pipelined, "calls/s", endpoint)
{
    public const int Window = 64;

    public override int Callers => Window;

    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunCallersAsync(seconds, recorders, CallerAsync, cancellationToken);

    private async Task<long> CallerAsync(LatencyRecorder latency, long deadline, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        long now = Stopwatch.GetTimestamp();
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

        return calls;
    }
}
