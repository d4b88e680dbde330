using System.Globalization;
using Romp.Bench;
using Romp.Bench.Peers;

BenchOptions? options = BenchOptions.Parse(args, out string? error);
if (options is null)
{
    if (!string.IsNullOrEmpty(error))
        Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return string.IsNullOrEmpty(error) ? 0 : 2;
}

// In each process, client and server alike: what Romp spends on telemetry while someone listens.
using TelemetryListeners? listeners = options.Telemetry ? TelemetryListeners.Start(spans: !options.TelemetryMetricsOnly) : null;

if (options.Mode == BenchMode.Server)
    return await BenchServer.RunAsync(options.Endpoint!, options.Peers, options.NoCallContext);

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C ends the current scenario and stops the server cleanly; a second one is not intercepted.
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};

ServerProcess? child = null;
EventHandler killChild = (_, _) => child?.Kill();
AppDomain.CurrentDomain.ProcessExit += killChild;
try
{
    ServerEndpoints endpoints;
    if (options.Mode == BenchMode.Client)
    {
        endpoints = new ServerEndpoints(
            options.Endpoint!, options.LowLatencyEndpoint, options.RawEndpoint, options.RawSpinEndpoint, options.GrpcEndpoint, options.JsonRpcEndpoint, options.SignalREndpoint);
    }
    else
    {
        string requested = options.Transport == "unix"
            ? "unix://" + Path.Combine(Path.GetTempPath(), $"romp-bench-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}.sock")
            : "tcp://127.0.0.1:0";
        string? telemetry = !options.Telemetry ? null : options.TelemetryMetricsOnly ? "--telemetry=metrics" : "--telemetry";
        child = await ServerProcess.StartAsync(requested, options.RunsPeers, options.NoCallContext, telemetry);
        endpoints = child.Endpoints;
    }

    int exitCode = await RunScenariosAsync(options, endpoints, child, cancel.Token);
    if (listeners is not null)
        Console.Out.WriteLine($"telemetry: the client's listeners saw {listeners}");
    return exitCode;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    Console.Error.WriteLine("cancelled");
    return 130;
}
catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
{
    // The server process could not be started or stopped answering: say so plainly, the finally block still stops it.
    Console.Error.WriteLine($"error: {e.Message}");
    return 1;
}
finally
{
    if (child is not null)
        await child.DisposeAsync();
    AppDomain.CurrentDomain.ProcessExit -= killChild;
}

static async Task<int> RunScenariosAsync(BenchOptions options, ServerEndpoints endpoints, ServerProcess? server, CancellationToken cancellationToken)
{
    TextWriter output = Console.Out;
    output.WriteLine(string.Format(
        CultureInfo.InvariantCulture,
        "Romp.Bench: {0} s per scenario after {1} s of warm-up{2}{3}; .NET {4}, {5} cores, load average {6}; Romp at {7}{8}; raw at {9}, raw-spin at {10}{11}",
        options.Seconds,
        options.WarmupSeconds,
        options.RunsPeers ? $" ({BenchOptions.PeerWarmupSeconds} s for peers)" : "",
        options.Scenarios.Contains(ScenarioNames.Soak) ? $" ({BenchOptions.SoakWarmupSeconds} s for the soak)" : "",
        Environment.Version,
        Environment.ProcessorCount,
        LoadAverage(),
        endpoints.Romp,
        server is null ? "" : $" (server pid {server.ProcessId})",
        endpoints.Raw ?? "- (pass --raw ENDPOINT)",
        endpoints.RawSpin ?? "- (pass --raw-spin ENDPOINT)",
        !options.Telemetry ? "" : options.TelemetryMetricsOnly ? "; telemetry: metrics listened to in both processes" : "; telemetry: listened to in both processes"));
    await WritePeerStacksAsync(output, options, endpoints);
    output.WriteLine();
    ResultReport.WriteHeader(output);

    using AllocationTracer? tracer = AllocationTracer.StartIfRequested();
    var runner = new BenchRunner(options, endpoints, server, tracer);
    var results = new List<ScenarioResult>();
    int exitCode = 0;
    foreach (string scenario in options.Scenarios)
    {
        if (!runner.CanRun(scenario))
        {
            string option = endpoints.For(scenario).Option;
            Console.Error.WriteLine($"{scenario}: skipped, no {option.TrimStart('-')} endpoint (pass {option} ENDPOINT with --client).");
            continue;
        }

        cancellationToken.ThrowIfCancellationRequested();
        ScenarioResult result;
        try
        {
            result = await runner.RunAsync(scenario, cancellationToken);
        }
        catch (BenchFailedException e)
        {
            Console.Error.WriteLine($"FAILED {e.Message}");
            exitCode = 1;
            continue;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"FAILED {scenario}: {e}");
            exitCode = 1;
            continue;
        }

        results.Add(result);
        ResultReport.WriteRow(output, result);
        if (options.JsonPath is not null)
            ResultReport.AppendJson(options.JsonPath, result);
    }

    ResultReport.WriteNotes(output, results);
    ResultReport.WriteSummary(output, results);
    return exitCode;
}

// One line per peer that runs: exactly which library, serializer and transport the peer rows measure.
static async Task WritePeerStacksAsync(TextWriter output, BenchOptions options, ServerEndpoints endpoints)
{
    foreach (string peer in ScenarioNames.Peers)
    {
        bool runs = false;
        foreach (string scenario in options.Scenarios)
            runs |= ScenarioNames.TrySplitPeerScenario(scenario, out string scenarioPeer, out _) && scenarioPeer == peer;
        string? endpoint = endpoints.For(ScenarioNames.PeerScenario(peer, ScenarioNames.Roundtrip)).Endpoint;
        if (!runs || endpoint is null)
            continue;
        await using IPeerClient client = BenchRunner.CreatePeerClient(peer, endpoint);
        output.WriteLine($"  {peer} at {endpoint}: {client.Stack}");
    }
}

// Other work on a 2-core machine moves every number here; the load average says how much to trust a run.
static string LoadAverage()
{
    try
    {
        string[] fields = File.ReadAllText("/proc/loadavg").Split(' ');
        return fields.Length >= 3 ? $"{fields[0]} {fields[1]} {fields[2]}" : "?";
    }
    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
    {
        return "?";
    }
}
