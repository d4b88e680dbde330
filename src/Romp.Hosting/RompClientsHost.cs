using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Romp.Hosting;

/// <summary>
/// Connects the host's named clients and resolves their registered proxies before any hosted service starts
/// (<see cref="IHostedLifecycleService.StartingAsync"/>), and closes them after every hosted service has stopped
/// (<see cref="IHostedLifecycleService.StoppedAsync"/>), so that workers can use their proxies from start to stop.
/// </summary>
internal sealed class RompClientsHost : IHostedLifecycleService
{
    private readonly IServiceProvider _services;

    public RompClientsHost(IServiceProvider services) => _services = services;

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var connecting = new List<Task>();
        foreach (RompClientConnector connector in Connectors())
            connecting.Add(connector.ConnectAsync());
        await Task.WhenAll(connecting).WaitAsync(cancellationToken).ConfigureAwait(false);

        var resolving = new List<Task>();
        foreach (RompProxyRegistration proxy in _services.GetServices<RompProxyRegistration>())
            resolving.Add(proxy.ResolveAsync(_services.GetRequiredKeyedService<RompClientConnector>(proxy.ClientName)));
        await Task.WhenAll(resolving).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        var closing = new List<Task>();
        foreach (RompClientConnector connector in Connectors())
            closing.Add(connector.DisposeAsync().AsTask());
        await Task.WhenAll(closing).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    private IEnumerable<RompClientConnector> Connectors()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (RompClientRegistration client in _services.GetServices<RompClientRegistration>())
        {
            if (seen.Add(client.Name))
                yield return _services.GetRequiredKeyedService<RompClientConnector>(client.Name);
        }
    }
}
