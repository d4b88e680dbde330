using Grpc.Core;

namespace Romp.Bench.Peers;

/// <summary>The gRPC peer's service, on the base class generated from bench_peer.proto.</summary>
internal sealed class GrpcBenchService(TickCounter ticks) : BenchPeer.BenchPeerBase
{
    public override Task<IntMessage> Echo(IntMessage request, ServerCallContext context) => Task.FromResult(request);

    public override Task<BytesMessage> EchoBytes(BytesMessage request, ServerCallContext context) => Task.FromResult(request);

    public override async Task<TickCount> Tick(IAsyncStreamReader<IntMessage> requestStream, ServerCallContext context)
    {
        long read = 0;
        while (await requestStream.MoveNext(context.CancellationToken).ConfigureAwait(false))
        {
            ticks.Increment();
            read++;
        }

        return new TickCount { Value = read };
    }

    public override Task<TickCount> Ticks(NoArguments request, ServerCallContext context) => Task.FromResult(new TickCount { Value = ticks.Count });

    public override async Task<TickCount> WaitForTicks(TickCount request, ServerCallContext context) =>
        new TickCount { Value = await ticks.WaitForAsync(request.Value, PeerTimeouts.TickWait).ConfigureAwait(false) };
}
