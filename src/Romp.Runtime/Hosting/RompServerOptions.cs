using System.Net;
using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompServer"/>: those of each connection it accepts, and the listener's own.</summary>
public sealed class RompServerOptions : RompConnectionOptions
{
    /// <summary>
    /// ROMP's acceptor: called with the peer's address (null for in-process connections) before any byte is read;
    /// returning <see langword="false"/> closes the connection at once.
    /// </summary>
    public Func<EndPoint?, bool>? Acceptor { get; set; }

    /// <summary>
    /// How long <see cref="RompServer.DisposeAsync"/> lets calls in flight finish before it cancels them (default 5 s).
    /// </summary>
    public TimeSpan DisposeGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();
}
