using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Romp;
using Romp.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Runs a Romp server and Romp clients in the .NET generic host (<c>Host.CreateApplicationBuilder</c>, ASP.NET Core, workers).</summary>
public static class RompServiceCollectionExtensions
{
    private const string ServerSection = "Romp:Server";

    /// <summary>
    /// Runs a <see cref="RompServer"/> as a hosted service: it binds the objects of <see cref="RompServerBuilder.Bind{TInterface, TImplementation}(string)"/>
    /// and listens when the host starts, and stops gracefully when the host stops (clients are told it is going away,
    /// the calls in flight finish within the host's shutdown timeout). The server is a singleton service: take
    /// <see cref="RompServer"/> to read its <see cref="RompServer.Endpoint"/> once started, or to bind more at run time.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configure">Sets the endpoint and any other setting.</param>
    /// <returns>The builder that binds the server's objects.</returns>
    public static RompServerBuilder AddRompServer(this IServiceCollection services, Action<RompHostedServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.Configure(configure);
        return AddServer(services);
    }

    /// <summary>
    /// <see cref="AddRompServer(IServiceCollection, Action{RompHostedServerOptions})"/> with the settings bound from
    /// <paramref name="configuration"/>, such as <c>builder.Configuration.GetSection("Romp:Server")</c>
    /// (see <see cref="RompHostedServerOptions"/> for the keys).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section that holds the server's settings.</param>
    /// <returns>The builder that binds the server's objects.</returns>
    public static RompServerBuilder AddRompServer(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<RompHostedServerOptions>(configuration);
        return AddServer(services);
    }

    /// <summary>
    /// <see cref="AddRompServer(IServiceCollection, IConfiguration)"/>, then <paramref name="configure"/>: for what
    /// configuration cannot carry (<see cref="RompHostedServerOptions.ConfigureServer"/>: TLS, authentication, an ACL).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The section that holds the server's settings.</param>
    /// <param name="configure">Runs after the configuration is bound.</param>
    /// <returns>The builder that binds the server's objects.</returns>
    public static RompServerBuilder AddRompServer(this IServiceCollection services, IConfiguration configuration, Action<RompHostedServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        RompServerBuilder builder = services.AddRompServer(configuration);
        services.Configure(configure);
        return builder;
    }

    /// <summary>
    /// Registers a <see cref="RompClient"/> named <paramref name="name"/>, a keyed singleton (<c>[FromKeyedServices("backend")] RompClient</c>)
    /// that connects before the host's hosted services start and closes after they have all stopped;
    /// <see cref="RompClientBuilder.AddProxy{T}(string)"/> makes its proxies injectable. A client that cannot connect
    /// fails the host's start. It reconnects after a loss unless <see cref="RompReconnectOptions.Enabled"/> is false.
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="name">The client's name: its key among the keyed services, and its named options.</param>
    /// <param name="configure">Sets the endpoint and any other setting.</param>
    /// <returns>The builder that registers the client's proxies.</returns>
    public static RompClientBuilder AddRompClient(this IServiceCollection services, string name, Action<RompHostedClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<RompHostedClientOptions>(name).Configure(configure);
        return AddClient(services, name);
    }

    /// <summary>
    /// <see cref="AddRompClient(IServiceCollection, string, Action{RompHostedClientOptions})"/> with the settings bound
    /// from <paramref name="configuration"/>, such as <c>builder.Configuration.GetSection("Romp:Clients:backend")</c>
    /// (see <see cref="RompHostedClientOptions"/> for the keys).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="name">The client's name: its key among the keyed services, and its named options.</param>
    /// <param name="configuration">The section that holds the client's settings.</param>
    /// <returns>The builder that registers the client's proxies.</returns>
    public static RompClientBuilder AddRompClient(this IServiceCollection services, string name, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<RompHostedClientOptions>(name).Bind(configuration);
        return AddClient(services, name);
    }

    /// <summary>
    /// <see cref="AddRompClient(IServiceCollection, string, IConfiguration)"/>, then <paramref name="configure"/>: for
    /// what configuration cannot carry (<see cref="RompHostedClientOptions.ConfigureClient"/>: TLS, credentials).
    /// </summary>
    /// <param name="services">The host's services.</param>
    /// <param name="name">The client's name: its key among the keyed services, and its named options.</param>
    /// <param name="configuration">The section that holds the client's settings.</param>
    /// <param name="configure">Runs after the configuration is bound.</param>
    /// <returns>The builder that registers the client's proxies.</returns>
    public static RompClientBuilder AddRompClient(this IServiceCollection services, string name, IConfiguration configuration, Action<RompHostedClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        RompClientBuilder builder = services.AddRompClient(name, configuration);
        services.AddOptions<RompHostedClientOptions>(name).Configure(configure);
        return builder;
    }

    private static RompServerBuilder AddServer(IServiceCollection services)
    {
        services.TryAddSingleton(static services =>
        {
            RompHostedServerOptions options = services.GetRequiredService<IOptions<RompHostedServerOptions>>().Value;
            return new RompServer(options.RequireEndpoint("The Romp server", ServerSection), options.CreateServerOptions(services.GetService<ILoggerFactory>()));
        });
        services.TryAddSingleton<RompServerHost>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RompServerHost>(static services => services.GetRequiredService<RompServerHost>()));
        return new RompServerBuilder(services);
    }

    private static RompClientBuilder AddClient(IServiceCollection services, string name)
    {
        services.TryAddKeyedSingleton(name, static (services, key) =>
        {
            string name = (string)key!;
            RompHostedClientOptions options = services.GetRequiredService<IOptionsMonitor<RompHostedClientOptions>>().Get(name);
            RompClientOptions client = options.CreateClientOptions(services.GetService<ILoggerFactory>());
            return new RompClientConnector(name, new RompClient(options.RequireEndpoint($"The Romp client '{name}'", "Romp:Clients:" + name), client), client.ConnectTimeout);
        });
        services.TryAddKeyedSingleton(name, static (services, key) => services.GetRequiredKeyedService<RompClientConnector>(key).Client);
        services.AddSingleton(new RompClientRegistration(name));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RompClientsHost>());
        return new RompClientBuilder(services, name);
    }
}
