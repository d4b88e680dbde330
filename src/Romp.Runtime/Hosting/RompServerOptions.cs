using System.Net;
using Microsoft.Extensions.Logging;

namespace Romp;

/// <summary>Settings of a <see cref="RompServer"/>.</summary>
public sealed class RompServerOptions
{
    /// <summary>
    /// ROMP's acceptor: called with the peer's address (null for in-process connections) before any byte is read;
    /// returning <see langword="false"/> closes the connection at once.
    /// </summary>
    public Func<EndPoint?, bool>? Acceptor { get; set; }

    /// <summary>The largest frame payload accepted, in bytes (default 16 MiB). A larger frame closes the connection.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>Whether exceptions sent back to callers include the server's stack trace (default true).</summary>
    public bool IncludeRemoteStackTrace { get; set; } = true;

    /// <summary>How long a new connection may take to send a valid hello before it is dropped (default 10 s).</summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many requests and one-way calls from one connection may be in progress at once, and separately how many
    /// streams (default 1024 each). At a limit the server stops reading that connection in front of the next call of that
    /// kind until one finishes, so one client cannot queue unbounded work; answers, CANCEL and CREDIT are still read.
    /// </summary>
    public int MaxConcurrentCalls { get; set; } = 1024;

    /// <summary>
    /// How long a peer may leave this side's output unread while more is waiting to be sent (default 30 s). Past it the
    /// connection is closed with <see cref="RompError.SendFailed"/>, so a client that stops reading cannot pin memory or threads.
    /// </summary>
    public TimeSpan StalledWriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the server logs; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
