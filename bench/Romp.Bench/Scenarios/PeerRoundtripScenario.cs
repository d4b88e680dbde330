using System.Diagnostics;
using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>The roundtrip workload on a peer: one caller, <c>await EchoAsync(i)</c> in sequence.</summary>
internal sealed class PeerRoundtripScenario(string name, IPeerClient peer) : PeerScenario(name, "calls/s", peer)
{
    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IPeerClient peer = Peer;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
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

        return new RunResult(calls, Seconds(now - start));
    }
}
