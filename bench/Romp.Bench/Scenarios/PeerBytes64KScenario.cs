using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>The bytes64k workload on a peer: one caller echoing the same 64 KiB as Romp's; MB/s each way.</summary>
internal sealed class PeerBytes64KScenario(string name, IPeerClient peer) : PeerScenario(name, "MB/s", peer)
{
    private readonly byte[] _data = Bytes64KScenario.CreateData();

    public override double Rate(RunResult run) => Bytes64KScenario.MegabytesPerSecond(run);

    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        RunCallLoopAsync((Peer, Data: _data), static (state, _) => new ValueTask<ReadOnlyMemory<byte>>(state.Peer.EchoBytesAsync(state.Data)),
            static (state, call, echoed) => Bytes64KScenario.IsEcho(echoed.Span, state.Data, call), seconds, recorders[0], cancellationToken);
}
