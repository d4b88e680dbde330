using Microsoft.Extensions.Logging;

namespace Romp.Hosting;

/// <summary>
/// The settings of the <see cref="RompServer"/> that <c>AddRompServer</c> runs: its <see cref="RompHostedConnectionOptions.Endpoint"/>,
/// the limits and timeouts configuration can carry, and callbacks for what only code can set.
/// </summary>
/// <example>
/// In appsettings.json, bound with <c>AddRompServer(builder.Configuration.GetSection("Romp:Server"))</c>:
/// <code>
/// { "Romp": { "Server": { "Endpoint": "tcp://0.0.0.0:4242", "MaxConnections": 1000, "KeepAliveInterval": "00:00:10" } } }
/// </code>
/// </example>
public sealed class RompHostedServerOptions : RompHostedConnectionOptions
{
    private readonly List<Action<RompServerOptions>> _configure = new();

    /// <summary><see cref="RompServerOptions.MaxConnections"/>: the most client connections open at once.</summary>
    public int? MaxConnections { get; set; }

    /// <summary>
    /// <see cref="RompServerOptions.EnableDescribe"/>: whether clients may ask what the server binds (names, contracts,
    /// method signatures), as the <c>romp</c> tool does. Off unless set.
    /// </summary>
    public bool? EnableDescribe { get; set; }

    /// <summary>
    /// Adds a callback that sets what configuration cannot carry (<see cref="RompServerOptions.Tls"/>,
    /// <see cref="RompServerOptions.Authenticate"/>, <see cref="RompServerOptions.Acl"/>, <see cref="RompServerOptions.Acceptor"/>,
    /// transports of your own): called when the server is made, in the order added, after the settings above.
    /// </summary>
    public void ConfigureServer(Action<RompServerOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
    }

    /// <summary>The runtime's options: the settings that were set, the callbacks, and the host's logging unless a callback chose other.</summary>
    internal RompServerOptions CreateServerOptions(ILoggerFactory? hostLogging)
    {
        var options = new RompServerOptions();
        ApplyTo(options);
        if (MaxConnections is { } maxConnections)
            options.MaxConnections = maxConnections;
        if (EnableDescribe is { } enableDescribe)
            options.EnableDescribe = enableDescribe;
        foreach (Action<RompServerOptions> configure in _configure)
            configure(options);
        options.LoggerFactory ??= hostLogging;
        return options;
    }
}
