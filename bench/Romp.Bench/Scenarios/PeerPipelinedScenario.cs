using System.Diagnostics;
using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The pipelined workload on a peer: <see cref="PipelinedScenario.Window"/> callers on ONE connection (channel, JSON-RPC
/// connection, hub connection), each issuing its next Echo as soon as the last one returns.
/// </summary>
internal sealed class PeerPipelinedScenario(string name, IPeerClient peer) : PeerScenario(name, "calls/s", peer)
{
    public override int Callers => PipelinedScenario.Window;

    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunCallersAsync(seconds, recorders, CallerAsync, cancellationToken);

    private async Task<long> CallerAsync(LatencyRecorder latency, long deadline, CancellationToken cancellationToken)
    {
        IPeerClient peer = Peer;
        long now = Stopwatch.GetTimestamp();
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            int echoed = await peer.EchoAsync(calls).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            if (echoed != calls)
                throw new BenchFailedException($"{Name}: Echo({calls}) returned {echoed}.");
            calls++;
        }

        return calls;
    }
}
