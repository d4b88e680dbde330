using Microsoft.Extensions.DependencyInjection;

namespace Romp.Hosting;

/// <summary>Registers the proxies of a named hosted client (what <c>AddRompClient</c> returns), so that services can take them in their constructors.</summary>
public sealed class RompClientBuilder
{
    internal RompClientBuilder(IServiceCollection services, string name)
    {
        Services = services;
        Name = name;
    }

    /// <summary>The host's services.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The client's name: the key of its <see cref="RompClient"/> and of its proxies among the keyed services.</summary>
    public string Name { get; }

    /// <summary>
    /// Makes <typeparamref name="T"/> injectable: the proxy of the object the server bound as <paramref name="objectName"/>,
    /// a singleton registered both plainly and keyed by the client's name (<c>[FromKeyedServices("backend")]</c>), for
    /// when two clients serve the same interface.
    /// </summary>
    /// <remarks>
    /// The proxy is resolved when the host starts, so a wrong name fails the start. A service made before that (a
    /// hosted service's constructor runs first) waits for the connect and the resolve instead, within
    /// <see cref="RompHostedClientOptions.ConnectTimeout"/> each. With reconnecting on (the default), the same proxy
    /// works again after the client has reconnected; calls made meanwhile wait for it, up to their deadline.
    /// </remarks>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface.</typeparam>
    public RompClientBuilder AddProxy<T>(string objectName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(objectName);
        string clientName = Name;
        Services.AddSingleton(new RompProxyRegistration(clientName, objectName, connector => connector.GetProxyAsync<T>(objectName)));
        Services.AddSingleton(services => services.GetRequiredKeyedService<RompClientConnector>(clientName).GetProxy<T>(objectName));
        Services.AddKeyedSingleton(clientName, (services, _) => services.GetRequiredKeyedService<RompClientConnector>(clientName).GetProxy<T>(objectName));
        return this;
    }
}
