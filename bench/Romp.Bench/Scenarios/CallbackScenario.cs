using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// Server-to-client calls on one connection: the client passes its own <see cref="ISink"/> to
/// <c>CallBackAsync(sink, Batch)</c>, and the server calls it back <see cref="Batch"/> times, awaiting each call. The
/// rate counts those calls; the request that starts each batch is spread over them.
/// </summary>
internal sealed class CallbackScenario(string endpoint) : RompScenario(ScenarioNames.Callback, "calls/s", endpoint)
{
    public const int Batch = 1024;

    private const long ExpectedSum = (long)Batch * (Batch - 1) / 2;

    private readonly CallbackSink _sink = new();

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        CallbackSink sink = _sink;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        long calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            sink.Begin(latency);
            long sum = await bench.CallBackAsync(sink, Batch).ConfigureAwait(false);
            now = Stopwatch.GetTimestamp();
            if (sink.Calls != Batch || !sink.InOrder || sum != ExpectedSum)
                throw new BenchFailedException($"{Name}: the server made {sink.Calls:N0} calls of {Batch:N0} (in order: {sink.InOrder}), summing to {sum:N0} instead of {ExpectedSum:N0}.");
            calls += Batch;
        }

        return new RunResult(calls, Seconds(now - start));
    }
}
