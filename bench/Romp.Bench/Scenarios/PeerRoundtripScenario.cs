using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>The roundtrip workload on a peer: one caller, <c>await EchoAsync(i)</c> in sequence.</summary>
internal sealed class PeerRoundtripScenario(string name, IPeerClient peer) : PeerScenario(name, "calls/s", peer)
{
    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunEchoLoopAsync(Peer, static (peer, i) => new ValueTask<int>(peer.EchoAsync(i)), seconds, recorders[0], cancellationToken);
}
