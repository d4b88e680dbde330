using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompClient"/>: those of its connection, and how it connects.</summary>
public sealed class RompClientOptions : RompConnectionOptions
{
    /// <summary>How long connecting plus the Romp handshake may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Who this client says it is, such as <see cref="RompCredentials.Bearer"/>: sent once, in the handshake, and only to
    /// a server that asks for credentials (<see cref="RompServerOptions.Authenticate"/>). Without TLS they travel in the
    /// clear, and a warning is logged.
    /// </summary>
    public RompCredentials? Credentials { get; set; }

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();
}
