using System.Diagnostics;
using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The oneway workload on a peer, as near as each framework comes to it (see <see cref="IPeerClient.OnewayNote"/>):
/// one-way messages until the time is up, then a request that returns once the server has counted them; the rate
/// counts only messages the server ran, and only if its count grew by exactly the number sent.
/// </summary>
/// <remarks>
/// Unlike Romp's, each peer's send waits for its transport (HTTP/2 flow control, a full socket or pipe), so a time
/// limit on sending cannot queue seconds of work; no sizing of the batch is needed.
/// </remarks>
internal sealed class PeerOnewayScenario(string name, IPeerClient peer) : PeerScenario(name, "msgs/s", peer)
{
    public override int Callers => 0;

    public override string? Note => Peer.OnewayNote;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IPeerClient peer = Peer;
        long before = await peer.TicksAsync().ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long sent = 0;
        await peer.BeginTicksAsync().ConfigureAwait(false);
        while (sent < int.MaxValue)
        {
            await peer.SendTickAsync((int)sent).ConfigureAwait(false);
            sent++;
            if ((sent & 63) == 0 && (Stopwatch.GetTimestamp() >= deadline || cancellationToken.IsCancellationRequested))
                break;
        }

        await peer.EndTicksAsync(sent).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        long after = await peer.WaitForTicksAsync(before + sent).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();
        if (after - before != sent)
            throw new BenchFailedException($"{Name}: sent {sent:N0} messages but the server counted {after - before:N0}.");
        return new RunResult(sent, Seconds(end - start));
    }
}
