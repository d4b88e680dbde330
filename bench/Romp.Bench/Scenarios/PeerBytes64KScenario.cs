using System.Diagnostics;
using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>The bytes64k workload on a peer: one caller echoing the same 64 KiB as Romp's; MB/s each way.</summary>
internal sealed class PeerBytes64KScenario(string name, IPeerClient peer) : PeerScenario(name, "MB/s", peer)
{
    private readonly byte[] _data = Bytes64KScenario.CreateData();

    public override double Rate(RunResult run) => run.Operations * (double)Bytes64KScenario.Size / run.Seconds / 1_000_000;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        const int Size = Bytes64KScenario.Size;
        IPeerClient peer = Peer;
        byte[] data = _data;
        LatencyRecorder latency = recorders[0];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            ReadOnlyMemory<byte> echoed = await peer.EchoBytesAsync(data).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            // The same spot checks as bytes64k, so both sides of the comparison do the same work.
            ReadOnlySpan<byte> bytes = echoed.Span;
            if (bytes.Length != Size || bytes[calls & (Size - 1)] != data[calls & (Size - 1)] || bytes[Size - 1] != data[Size - 1])
                throw new BenchFailedException($"{Name}: the echoed bytes differ from the ones sent.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }
}
