using System.Globalization;

namespace Romp.Bench;

/// <summary>What the command line asked for. Parsed by hand so that the tool stays trim and AOT friendly.</summary>
internal sealed class BenchOptions
{
    public const string Usage = """
        usage: Romp.Bench [--json FILE] [--seconds N] [--scenario NAME[,NAME...]] [--transport tcp|unix] [--peers] [--no-call-context] [--telemetry[=metrics]]
               Romp.Bench --server ENDPOINT [--peers] [--no-call-context] [--telemetry[=metrics]]   serve only (prints 'listening ENDPOINT', 'low-latency ENDPOINT', 'raw ENDPOINT', 'raw-spin ENDPOINT',
                                                        with --peers also 'grpc URL', 'jsonrpc ENDPOINT', 'signalr URL'; stops when stdin closes)
               Romp.Bench --client ENDPOINT [--low-latency ENDPOINT] [--raw ENDPOINT] [--raw-spin ENDPOINT] [--grpc URL] [--jsonrpc ENDPOINT] [--signalr URL] [...]
                                                        run the scenarios against a running server
        scenarios: roundtrip oneway oneway-sync pipelined bytes64k stream callback refs raw-roundtrip raw-roundtrip-spin raw-oneway raw-bytes64k
                   (default: all of these), and PEER-WORKLOAD with PEER grpc, jsonrpc or signalr and WORKLOAD roundtrip, oneway,
                   pipelined or bytes64k (grpc-roundtrip ...), and soak (only when named: --seconds of mixed work, connection
                   churn and reconnects, after 10 s of warm-up; fails on a lost call or a leak), and bytes-stream (only when
                   named: 1 GiB each way as a Stream argument and result)
        --peers:   also run each selected workload that peers have against every peer; without --scenario, runs roundtrip oneway
                   pipelined bytes64k raw-roundtrip raw-roundtrip-spin raw-bytes64k and then every peer scenario
        --no-call-context: the default-mode Romp server sets FlowCallContext = false (no ambient RompCallContext), to
                   measure what the context costs
        --telemetry: both processes listen to Romp's spans and metrics (an ActivityListener that records every span and a
                   MeterListener on every instrument), to measure what telemetry costs while someone listens;
                   --telemetry=metrics: the MeterListener only
        """;

    /// <summary>The warm-up every peer workload gets, whatever --seconds says: the issue that added peers asks for 5 s.</summary>
    public const double PeerWarmupSeconds = 5;

    /// <summary>The soak's warm-up, whatever --seconds says: its first memory report must come after the JIT and the pools have settled.</summary>
    public const double SoakWarmupSeconds = 10;

    public BenchMode Mode { get; private set; } = BenchMode.Both;

    /// <summary>The Romp endpoint for --server or --client.</summary>
    public string? Endpoint { get; private set; }

    /// <summary>The raw-socket endpoint for --client (the child prints it as its second line).</summary>
    public string? RawEndpoint { get; private set; }

    /// <summary>The low-latency Romp endpoint for --client (the child's 'low-latency' line).</summary>
    public string? LowLatencyEndpoint { get; private set; }

    /// <summary>The busy-polling raw endpoint for --client (the child's 'raw-spin' line).</summary>
    public string? RawSpinEndpoint { get; private set; }

    /// <summary>The peers' endpoints for --client (the child's 'grpc', 'jsonrpc' and 'signalr' lines, with --peers).</summary>
    public string? GrpcEndpoint { get; private set; }

    public string? JsonRpcEndpoint { get; private set; }

    public string? SignalREndpoint { get; private set; }

    /// <summary>--peers: add the peer scenarios of the selected workloads; with --server, host the peers' servers too.</summary>
    public bool Peers { get; private set; }

    /// <summary>--no-call-context: the default-mode server runs without the ambient call context.</summary>
    public bool NoCallContext { get; private set; }

    /// <summary>--telemetry: client and server listen to Romp's ActivitySource and Meter.</summary>
    public bool Telemetry { get; private set; }

    /// <summary>--telemetry=metrics: to the Meter only.</summary>
    public bool TelemetryMetricsOnly { get; private set; }

    /// <summary>True when a scenario to run is a peer's, so the server child must host the peers.</summary>
    public bool RunsPeers
    {
        get
        {
            foreach (string scenario in Scenarios)
            {
                if (ScenarioNames.TrySplitPeerScenario(scenario, out _, out _))
                    return true;
            }

            return false;
        }
    }

    public string? JsonPath { get; private set; }

    public double Seconds { get; private set; } = 3;

    public string Transport { get; private set; } = "tcp";

    public IReadOnlyList<string> Scenarios { get; private set; } = ScenarioNames.Default;

    /// <summary>The unmeasured run before each measured interval: long enough for tiered PGO to settle.</summary>
    public double WarmupSeconds => Math.Min(1.0, Seconds);

    /// <summary>Parses <paramref name="args"/>; returns null and sets <paramref name="error"/> when they are invalid.</summary>
    public static BenchOptions? Parse(string[] args, out string? error)
    {
        var options = new BenchOptions();
        error = null;
        List<string>? selected = null;
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg is "-h" or "--help" or "-?")
            {
                error = "";
                return null;
            }

            if (arg == "--peers")
            {
                options.Peers = true;
                continue;
            }

            if (arg == "--no-call-context")
            {
                options.NoCallContext = true;
                continue;
            }

            if (arg is "--telemetry" or "--telemetry=metrics")
            {
                options.Telemetry = true;
                options.TelemetryMetricsOnly = arg == "--telemetry=metrics";
                continue;
            }

            if (i + 1 >= args.Length)
            {
                error = $"'{arg}' needs a value.";
                return null;
            }

            string value = args[++i];
            switch (arg)
            {
                case "--json":
                    options.JsonPath = value;
                    break;
                case "--seconds":
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) || !(seconds > 0) || seconds > 3600)
                    {
                        error = $"--seconds expects a number of seconds between 0 and 3600, not '{value}'.";
                        return null;
                    }

                    options.Seconds = seconds;
                    break;
                case "--scenario":
                    var names = new List<string>();
                    foreach (string name in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!ScenarioNames.IsKnown(name))
                        {
                            error = $"Unknown scenario '{name}'.";
                            return null;
                        }

                        if (!names.Contains(name))
                            names.Add(name);
                    }

                    if (names.Count == 0)
                    {
                        error = "--scenario needs a name.";
                        return null;
                    }

                    selected = names;
                    break;
                case "--transport":
                    if (value is not ("tcp" or "unix"))
                    {
                        error = $"--transport expects tcp or unix, not '{value}'.";
                        return null;
                    }

                    options.Transport = value;
                    break;
                case "--server":
                    options.Mode = BenchMode.Server;
                    options.Endpoint = value;
                    break;
                case "--client":
                    options.Mode = BenchMode.Client;
                    options.Endpoint = value;
                    break;
                case "--raw":
                    options.RawEndpoint = value;
                    break;
                case "--low-latency":
                    options.LowLatencyEndpoint = value;
                    break;
                case "--raw-spin":
                    options.RawSpinEndpoint = value;
                    break;
                case "--grpc":
                    options.GrpcEndpoint = value;
                    break;
                case "--jsonrpc":
                    options.JsonRpcEndpoint = value;
                    break;
                case "--signalr":
                    options.SignalREndpoint = value;
                    break;
                default:
                    error = $"Unknown option '{arg}'.";
                    return null;
            }
        }

        options.Scenarios = Select(selected, options.Peers);
        if (options.NoCallContext && options.Mode == BenchMode.Both && options.Scenarios.Contains(ScenarioNames.Soak))
        {
            error = "The soak cuts connections through the server's RompCallContext: it cannot run with --no-call-context.";
            return null;
        }

        if (options.Mode == BenchMode.Client)
            options.Transport = options.Endpoint!.StartsWith("unix://", StringComparison.OrdinalIgnoreCase) ? "unix" : "tcp";
        return options;
    }

    // --peers adds, after what was selected, every peer's run of each selected workload that peers have.
    private static List<string> Select(List<string>? selected, bool peers)
    {
        if (!peers)
            return selected ?? [.. ScenarioNames.Default];
        List<string> scenarios = selected ?? [.. ScenarioNames.PeerDefault];
        foreach (string peerScenario in ScenarioNames.AllPeerScenarios)
        {
            ScenarioNames.TrySplitPeerScenario(peerScenario, out _, out string workload);
            if (scenarios.Contains(workload) && !scenarios.Contains(peerScenario))
                scenarios.Add(peerScenario);
        }

        return scenarios;
    }
}
