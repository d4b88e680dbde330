namespace Romp.Bench.Peers;

/// <summary>All the peers' servers, as the bench's server child hosts them next to Romp's, each on a free loopback port.</summary>
internal sealed class PeerServers : IAsyncDisposable
{
    private readonly GrpcPeerServer _grpc;
    private readonly JsonRpcPeerServer _jsonRpc;
    private readonly SignalRPeerServer _signalR;

    private PeerServers(GrpcPeerServer grpc, JsonRpcPeerServer jsonRpc, SignalRPeerServer signalR)
    {
        _grpc = grpc;
        _jsonRpc = jsonRpc;
        _signalR = signalR;
    }

    public string GrpcEndpoint => _grpc.Endpoint;

    public string JsonRpcEndpoint => _jsonRpc.Endpoint;

    public string SignalREndpoint => _signalR.Endpoint;

    public static async Task<PeerServers> StartAsync()
    {
        GrpcPeerServer grpc = await GrpcPeerServer.StartAsync().ConfigureAwait(false);
        JsonRpcPeerServer? jsonRpc = null;
        try
        {
            jsonRpc = JsonRpcPeerServer.Start();
            SignalRPeerServer signalR = await SignalRPeerServer.StartAsync().ConfigureAwait(false);
            return new PeerServers(grpc, jsonRpc, signalR);
        }
        catch
        {
            if (jsonRpc is not null)
                await jsonRpc.DisposeAsync().ConfigureAwait(false);
            await grpc.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _signalR.DisposeAsync().ConfigureAwait(false);
        await _jsonRpc.DisposeAsync().ConfigureAwait(false);
        await _grpc.DisposeAsync().ConfigureAwait(false);
    }
}
