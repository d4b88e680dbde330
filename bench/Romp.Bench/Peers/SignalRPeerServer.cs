using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace Romp.Bench.Peers;

/// <summary>The SignalR peer: the shared framework's hub on Kestrel over HTTP/1.1 (for WebSockets), MessagePack and JSON protocols.</summary>
internal sealed class SignalRPeerServer : IAsyncDisposable
{
    public const string HubPath = "/bench";

    private readonly WebApplication _app;

    private SignalRPeerServer(WebApplication app, string endpoint)
    {
        _app = app;
        Endpoint = endpoint;
    }

    /// <summary>http://127.0.0.1:PORT/bench.</summary>
    public string Endpoint { get; }

    public static async Task<SignalRPeerServer> StartAsync()
    {
        WebApplicationBuilder builder = LoopbackWebHost.CreateBuilder(HttpProtocols.Http1);
        builder.Services.AddSignalR(static options =>
            {
                // The default limit is 32 KB, below the 64 KiB echo; everything else stays as users get it.
                options.MaximumReceiveMessageSize = 1024 * 1024;
            })
            .AddMessagePackProtocol();
        builder.Services.AddSingleton<TickCounter>();
        WebApplication app = builder.Build();
        app.MapHub<SignalRBenchHub>(HubPath);
        await app.StartAsync().ConfigureAwait(false);
        return new SignalRPeerServer(app, LoopbackWebHost.AddressOf(app) + HubPath);
    }

    public async ValueTask DisposeAsync()
    {
        using var patience = new CancellationTokenSource(PeerTimeouts.Stop);
        await _app.StopAsync(patience.Token).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
