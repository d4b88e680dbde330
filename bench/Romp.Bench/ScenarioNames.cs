namespace Romp.Bench;

/// <summary>The scenario names accepted by --scenario, in the order they run by default.</summary>
internal static class ScenarioNames
{
    public const string Roundtrip = "roundtrip";
    public const string RoundtripLowLatency = "roundtrip-lowlatency";
    public const string Oneway = "oneway";
    public const string OnewaySync = "oneway-sync";
    public const string Pipelined = "pipelined";
    public const string Bytes64K = "bytes64k";
    public const string Stream = "stream";
    public const string Callback = "callback";
    public const string Refs = "refs";
    public const string Soak = "soak";
    public const string ByteStream = "bytes-stream";
    public const string RawRoundtrip = "raw-roundtrip";
    public const string RawRoundtripSpin = "raw-roundtrip-spin";
    public const string RawOneway = "raw-oneway";
    public const string RawBytes64K = "raw-bytes64k";

    /// <summary>The frameworks --peers measures Romp against; a peer scenario is named PEER-WORKLOAD (grpc-roundtrip).</summary>
    public const string Grpc = "grpc";
    public const string JsonRpc = "jsonrpc";
    public const string SignalR = "signalr";

    /// <summary>Romp's own scenarios and the raw floor: what runs when neither --scenario nor --peers is given.</summary>
    public static readonly string[] Default = [Roundtrip, RoundtripLowLatency, Oneway, OnewaySync, Pipelined, Bytes64K, Stream, Callback, Refs, RawRoundtrip, RawRoundtripSpin, RawOneway, RawBytes64K];

    /// <summary>
    /// Romp scenarios that run only when --scenario names them: the soak runs for minutes and checks, it does not measure
    /// speed; bytes-stream moves two gigabytes whatever --seconds says.
    /// </summary>
    public static readonly string[] OnRequest = [Soak, ByteStream];

    /// <summary>The workloads every peer runs too.</summary>
    public static readonly string[] PeerWorkloads = [Roundtrip, Oneway, Pipelined, Bytes64K];

    public static readonly string[] Peers = [Grpc, JsonRpc, SignalR];

    /// <summary>What --peers runs without --scenario: the workloads peers share, the floors under them, then the peers.</summary>
    public static readonly string[] PeerDefault = [Roundtrip, RoundtripLowLatency, Oneway, Pipelined, Bytes64K, RawRoundtrip, RawRoundtripSpin, RawBytes64K];

    /// <summary>Every peer scenario, grouped by workload so that the table puts rivals next to each other.</summary>
    public static readonly string[] AllPeerScenarios = CreatePeerScenarios();

    public static bool IsKnown(string name) =>
        Array.IndexOf(Default, name) >= 0 || Array.IndexOf(OnRequest, name) >= 0 || Array.IndexOf(AllPeerScenarios, name) >= 0;

    public static bool IsRaw(string name) => name.StartsWith("raw-", StringComparison.Ordinal);

    public static string PeerScenario(string peer, string workload) => peer + "-" + workload;

    /// <summary>Splits grpc-roundtrip into grpc and roundtrip; false for a name that is not a peer scenario.</summary>
    public static bool TrySplitPeerScenario(string name, out string peer, out string workload)
    {
        foreach (string candidate in Peers)
        {
            if (name.Length > candidate.Length + 1 && name.StartsWith(candidate, StringComparison.Ordinal) && name[candidate.Length] == '-'
                && Array.IndexOf(PeerWorkloads, name.Substring(candidate.Length + 1)) >= 0)
            {
                peer = candidate;
                workload = name.Substring(candidate.Length + 1);
                return true;
            }
        }

        peer = "";
        workload = "";
        return false;
    }

    private static string[] CreatePeerScenarios()
    {
        var names = new List<string>();
        foreach (string workload in PeerWorkloads)
        {
            foreach (string peer in Peers)
                names.Add(PeerScenario(peer, workload));
        }

        return [.. names];
    }
}
