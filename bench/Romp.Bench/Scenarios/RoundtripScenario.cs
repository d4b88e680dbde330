namespace Romp.Bench.Scenarios;

/// <summary>One caller, one call at a time: <c>await EchoAsync(i)</c>. Measures latency, in the default mode or the low-latency one.</summary>
internal sealed class RoundtripScenario(string endpoint, bool lowLatency = false)
    : RompScenario(lowLatency ? ScenarioNames.RoundtripLowLatency : ScenarioNames.Roundtrip, "calls/s", endpoint, lowLatency ? LowLatency.ClientOptions() : null)
{
    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunEchoLoopAsync(Bench, static (bench, i) => bench.EchoAsync(i), seconds, recorders[0], cancellationToken);
}
