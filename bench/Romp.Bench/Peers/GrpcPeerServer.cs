using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Romp.Bench.Peers;

/// <summary>The gRPC peer: Grpc.AspNetCore on Kestrel, HTTP/2 only on a cleartext loopback endpoint (h2c with prior knowledge).</summary>
internal sealed class GrpcPeerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcPeerServer(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:PORT.</summary>
    public string Endpoint { get; }

    public static async Task<GrpcPeerServer> StartAsync()
    {
        WebApplicationBuilder builder = LoopbackWebHost.CreateBuilder(HttpProtocols.Http2);
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<TickCounter>();
        WebApplication app = builder.Build();
        app.MapGrpcService<GrpcBenchService>();
        await app.StartAsync().ConfigureAwait(false);
        return new GrpcPeerServer(app, LoopbackWebHost.AddressOf(app));
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(PeerTimeouts.Stop);
        await _app.StopAsync(patience.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
