namespace Romp.Bench;

/// <summary>
/// Where each server listens, as the server child printed it (or, with --client, as the command line gave it); null
/// where there is none, and the scenarios that need it are skipped.
/// </summary>
internal sealed record ServerEndpoints(
    string Romp,
    string? LowLatency,
    string? Raw,
    string? RawSpin,
    string? Grpc,
    string? JsonRpc,
    string? SignalR)
{
    /// <summary>The endpoint <paramref name="scenario"/> connects to, and the --client option that supplies it.</summary>
    public (string? Endpoint, string Option) For(string scenario)
    {
        if (ScenarioNames.TrySplitPeerScenario(scenario, out string peer, out _))
        {
            return peer switch
            {
                ScenarioNames.Grpc => (Grpc, "--grpc"),
                ScenarioNames.JsonRpc => (JsonRpc, "--jsonrpc"),
                _ => (SignalR, "--signalr"),
            };
        }

        return scenario switch
        {
            ScenarioNames.RawRoundtripSpin => (RawSpin, "--raw-spin"),
            ScenarioNames.RoundtripLowLatency => (LowLatency, "--low-latency"),
            _ when ScenarioNames.IsRaw(scenario) => (Raw, "--raw"),
            _ => (Romp, "--client"),
        };
    }
}
