using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompClient"/>: those of its connection, and how it connects.</summary>
public sealed class RompClientOptions : RompConnectionOptions
{
    /// <summary>How long connecting plus the Romp handshake may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();
}
