using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.AspNetCore.SignalR.Protocol;
using Microsoft.Extensions.DependencyInjection;

namespace Romp.Bench.Peers;

/// <summary>
/// ASP.NET Core SignalR: one <see cref="HubConnection"/> over WebSockets (negotiation skipped, as a client that knows
/// its server does) with the MessagePack hub protocol. The oneway workload is <c>SendAsync</c>.
/// </summary>
internal sealed class SignalRPeerClient(string url) : IPeerClient
{
    private HubConnection? _connection;

    public string Transport => "ws";

    public string Stack => $"Microsoft.AspNetCore.SignalR.Client {PackageVersion.Of(typeof(HubConnection))} against the ASP.NET Core {PackageVersion.Of(typeof(Microsoft.AspNetCore.SignalR.Hub))} hub on Kestrel, "
        + $"MessagePack hub protocol (Microsoft.AspNetCore.SignalR.Protocols.MessagePack {PackageVersion.Of(typeof(MessagePackHubProtocol))}), WebSockets, one connection";

    public string OnewayNote => "SendAsync (no reply; the hub runs one invocation per client at a time), then an InvokeAsync that waits until all have run";

    private HubConnection Connection => _connection ?? throw new InvalidOperationException("Not connected.");

    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _connection = new HubConnectionBuilder()
            .WithUrl(url, HttpTransportType.WebSockets, static options =>
            {
                options.SkipNegotiation = true;
                // No proxy, so the traffic stays on loopback whatever the environment says.
                options.WebSocketConfiguration = static socket => socket.Proxy = null;
            })
            .AddMessagePackProtocol()
            .Build();
        await _connection.StartAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task<int> EchoAsync(int value) => Connection.InvokeAsync<int>(SignalRBenchHub.EchoMethod, value);

    public async Task<ReadOnlyMemory<byte>> EchoBytesAsync(byte[] data) =>
        await Connection.InvokeAsync<byte[]>(SignalRBenchHub.EchoBytesMethod, data).ConfigureAwait(false);

    public Task<long> TicksAsync() => Connection.InvokeAsync<long>(SignalRBenchHub.TicksMethod);

    public ValueTask BeginTicksAsync() => default;

    public Task SendTickAsync(int value) => Connection.SendAsync(SignalRBenchHub.TickMethod, value);

    public ValueTask EndTicksAsync(long sent) => default;

    public Task<long> WaitForTicksAsync(long target) => Connection.InvokeAsync<long>(SignalRBenchHub.WaitForTicksMethod, target);

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
            await _connection.DisposeAsync().ConfigureAwait(false);
    }
}
