using Microsoft.Extensions.Logging;

namespace Romp.Hosting;

/// <summary>
/// The settings of a named <see cref="RompClient"/> that <c>AddRompClient</c> registers: its
/// <see cref="RompHostedConnectionOptions.Endpoint"/>, how it connects and reconnects, the limits and timeouts
/// configuration can carry, and callbacks for what only code can set.
/// </summary>
/// <example>
/// In appsettings.json, bound with <c>AddRompClient("backend", builder.Configuration.GetSection("Romp:Clients:backend"))</c>:
/// <code>
/// { "Romp": { "Clients": { "backend": {
///     "Endpoint": "tcp://backend:4242", "ConnectTimeout": "00:00:05", "DefaultCallTimeout": "00:00:10",
///     "Reconnect": { "InitialDelay": "00:00:00.200", "MaxDelay": "00:00:30", "MaxAttempts": 20 } } } } }
/// </code>
/// </example>
public sealed class RompHostedClientOptions : RompHostedConnectionOptions
{
    private readonly List<Action<RompClientOptions>> _configure = new();

    /// <summary><see cref="RompClientOptions.ConnectTimeout"/>: how long connecting plus the handshake may take; also bounds each proxy's resolve at start.</summary>
    public TimeSpan? ConnectTimeout { get; set; }

    /// <summary>How the client reconnects after a loss; on by default (see <see cref="RompReconnectOptions"/>).</summary>
    public RompReconnectOptions Reconnect { get; set; } = new();

    /// <summary>
    /// Adds a callback that sets what configuration cannot carry (<see cref="RompClientOptions.Tls"/>,
    /// <see cref="RompClientOptions.Credentials"/>, a <see cref="RompClientOptions.Reconnect"/> policy of your own,
    /// transports of your own): called when the client is made, in the order added, after the settings above.
    /// </summary>
    public void ConfigureClient(Action<RompClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configure.Add(configure);
    }

    /// <summary>The runtime's options: the settings that were set, the callbacks, and the host's logging unless a callback chose other.</summary>
    internal RompClientOptions CreateClientOptions(ILoggerFactory? hostLogging)
    {
        var options = new RompClientOptions();
        ApplyTo(options);
        if (ConnectTimeout is { } connectTimeout)
            options.ConnectTimeout = connectTimeout;
        options.Reconnect = Reconnect.CreatePolicy();
        foreach (Action<RompClientOptions> configure in _configure)
            configure(options);
        options.LoggerFactory ??= hostLogging;
        return options;
    }
}
