using Romp.Bench.Peers;
using Romp.Bench.Scenarios;

namespace Romp.Bench;

/// <summary>
/// Runs scenarios one after the other, each on a connection of its own: connect, warm up (not measured), then the
/// measured interval, bracketed by allocation samples of both processes.
/// </summary>
internal sealed class BenchRunner(BenchOptions options, ServerEndpoints endpoints, ServerProcess? server, AllocationTracer? tracer)
{
    // Room for a million calls per second of the longest run (a peer's warm-up can outlast the measured interval): far
    // above what one loopback connection does, so it bounds nothing in practice, while still bounding every loop.
    private readonly long[] _latencies = new long[(int)Math.Clamp(
        Math.Max(options.Seconds, options.RunsPeers ? BenchOptions.PeerWarmupSeconds : 0) * 1_000_000, 64 * 1024, 16 * 1024 * 1024)];

    public bool CanRun(string scenario) => endpoints.For(scenario).Endpoint is not null;

    public async Task<ScenarioResult> RunAsync(string name, CancellationToken cancellationToken)
    {
        await using Scenario scenario = Create(name);
        await scenario.ConnectAsync(cancellationToken).ConfigureAwait(false);
        LatencyRecorder[] recorders = scenario.Callers == 0 ? [] : LatencyRecorder.Split(_latencies, scenario.Callers);

        await WithWatchdogAsync(scenario, scenario.WarmupSeconds ?? options.WarmupSeconds, recorders, cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        foreach (LatencyRecorder recorder in recorders)
            recorder.Reset();

        if (server is not null)
            await server.CollectAsync().ConfigureAwait(false);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();

        long? serverBefore = server is null ? null : await server.GetAllocatedBytesAsync().ConfigureAwait(false);
        tracer?.TakeSummary("discarded");
        long clientBefore = GC.GetTotalAllocatedBytes(precise: true);
        RunResult run = await WithWatchdogAsync(scenario, options.Seconds, recorders, cancellationToken).ConfigureAwait(false);
        long clientAfter = GC.GetTotalAllocatedBytes(precise: true);
        if (tracer is not null)
            Console.Error.Write(tracer.TakeSummary($"client, {name}"));
        long? serverAfter = server is null ? null : await server.GetAllocatedBytesAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (run.Operations == 0)
            throw new BenchFailedException($"{name}: nothing completed in {run.Seconds:0.##} s.");

        (double P50, double P99)? latency = LatencyRecorder.Percentiles(recorders);
        return new ScenarioResult(
            name,
            scenario.Transport ?? options.Transport,
            scenario.Rate(run),
            scenario.Unit,
            latency?.P50,
            latency?.P99,
            (double)(clientAfter - clientBefore) / run.Operations,
            serverAfter - serverBefore is long serverBytes ? (double)serverBytes / run.Operations : null,
            run.Operations,
            run.Seconds,
            scenario.Note);
    }

    /// <summary>
    /// Every run ends by itself; if one does not (a lost reply, a SYNC never answered), the scenario fails instead of the
    /// tool hanging, and disposing the scenario closes its connection, which fails the calls still pending.
    /// </summary>
    private static async Task<RunResult> WithWatchdogAsync(Scenario scenario, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        TimeSpan limit = TimeSpan.FromSeconds((seconds * 3) + 30);
        Task<RunResult> run = scenario.RunAsync(seconds, recorders, cancellationToken).AsTask();
        try
        {
            return await run.WaitAsync(limit, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new BenchFailedException($"{scenario.Name}: the run did not finish within {limit.TotalSeconds:0} s ({scenario.Describe()}).");
        }
    }

    private Scenario Create(string name)
    {
        string endpoint = endpoints.For(name).Endpoint ?? throw new InvalidOperationException($"{name}: no endpoint.");
        if (ScenarioNames.TrySplitPeerScenario(name, out string peer, out string workload))
            return CreatePeer(name, workload, CreatePeerClient(peer, endpoint));
        return name switch
        {
            ScenarioNames.Roundtrip => new RoundtripScenario(endpoint),
            ScenarioNames.RoundtripLowLatency => new RoundtripScenario(endpoint, lowLatency: true),
            ScenarioNames.Oneway => new OnewayScenario(endpoint),
            ScenarioNames.OnewaySync => new OnewaySyncScenario(endpoint),
            ScenarioNames.Pipelined => new PipelinedScenario(endpoint),
            ScenarioNames.Bytes64K => new Bytes64KScenario(endpoint),
            ScenarioNames.Stream => new StreamScenario(endpoint),
            ScenarioNames.Callback => new CallbackScenario(endpoint),
            ScenarioNames.Refs => new RefsScenario(endpoint),
            ScenarioNames.Soak => new SoakScenario(endpoint, Console.Out),
            ScenarioNames.ByteStream => new ByteStreamScenario(endpoint, Console.Out),
            ScenarioNames.RawRoundtrip => new RawRoundtripScenario(endpoint),
            ScenarioNames.RawRoundtripSpin => new RawRoundtripScenario(endpoint, busyPoll: true),
            ScenarioNames.RawOneway => new RawOnewayScenario(endpoint),
            ScenarioNames.RawBytes64K => new RawBytes64KScenario(endpoint),
            _ => throw new ArgumentException($"Unknown scenario '{name}'.", nameof(name)),
        };
    }

    /// <summary>A client for <paramref name="peer"/>; the table's header names its stack.</summary>
    public static IPeerClient CreatePeerClient(string peer, string endpoint) => peer switch
    {
        ScenarioNames.Grpc => new GrpcPeerClient(endpoint),
        ScenarioNames.JsonRpc => new JsonRpcPeerClient(endpoint),
        ScenarioNames.SignalR => new SignalRPeerClient(endpoint),
        _ => throw new ArgumentException($"Unknown peer '{peer}'.", nameof(peer)),
    };

    private static PeerScenario CreatePeer(string name, string workload, IPeerClient client) => workload switch
    {
        ScenarioNames.Roundtrip => new PeerRoundtripScenario(name, client),
        ScenarioNames.Oneway => new PeerOnewayScenario(name, client),
        ScenarioNames.Pipelined => new PeerPipelinedScenario(name, client),
        ScenarioNames.Bytes64K => new PeerBytes64KScenario(name, client),
        _ => throw new ArgumentException($"No peer runs '{workload}'.", nameof(workload)),
    };
}
