using Romp.Tests.Contracts;

namespace Romp.Tests.Support;

/// <summary>
/// A <see cref="ServerFixture"/> on tcp with a <see cref="FaultProxy"/> in front of its server, and a second client,
/// <see cref="Proxied"/>, connected through it: <see cref="Link"/> is that client's connection in the proxy.
/// </summary>
public abstract class ProxiedServerFixture() : ServerFixture(Transports.Tcp)
{
    private static readonly TimeSpan s_setUpTimeout = TimeSpan.FromSeconds(10);

    protected FaultProxy Proxy { get; private set; } = null!;

    protected RompClient Proxied { get; private set; } = null!;

    protected ProxiedConnection Link { get; private set; } = null!;

    /// <summary>The options <see cref="Proxied"/> connects with.</summary>
    protected virtual RompClientOptions? ProxiedClientOptions => null;

    /// <summary>Faults set on each connection before its first byte passes: the handshake goes through them too.</summary>
    protected virtual void ConfigureLink(ProxiedConnection link)
    {
    }

    [SetUp]
    public async Task StartProxyAsync()
    {
        using var timeout = new CancellationTokenSource(s_setUpTimeout);
        Proxy = new FaultProxy(Server.Endpoint, ConfigureLink);
        Proxied = await RompClient.ConnectAsync(Proxy.Endpoint, ProxiedClientOptions, timeout.Token);
        Link = await Proxy.NextConnectionAsync(timeout.Token);
    }

    [TearDown]
    public async Task StopProxyAsync()
    {
        Calculator.ReleaseSlowCalls();
        await Proxied.DisposeAsync();
        await Proxy.DisposeAsync();
    }

    /// <summary>The server's side of <see cref="Link"/>.</summary>
    protected RompConnection ServerSideOfLink() =>
        Server.Connections.Single(c => Link.TargetSideEndPoint.Equals(c.RemoteEndPoint));

    protected Task<ICalculator> ResolveThroughProxyAsync(CancellationToken cancellationToken) =>
        Proxied.ResolveAsync<ICalculator>("calc", cancellationToken);
}
