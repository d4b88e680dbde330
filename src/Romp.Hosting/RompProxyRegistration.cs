namespace Romp.Hosting;

/// <summary>A proxy a hosted client resolves when the host starts (<see cref="RompClientBuilder.AddProxy{T}(string)"/>), so that a wrong name fails the start.</summary>
internal sealed class RompProxyRegistration
{
    private readonly Func<RompClientConnector, Task> _resolve;

    public RompProxyRegistration(string clientName, string objectName, Func<RompClientConnector, Task> resolve)
    {
        ClientName = clientName;
        ObjectName = objectName;
        _resolve = resolve;
    }

    public string ClientName { get; }

    public string ObjectName { get; }

    public Task ResolveAsync(RompClientConnector connector) => _resolve(connector);
}
