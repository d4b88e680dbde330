using Microsoft.Extensions.Logging;

namespace Romp;

/// <summary>Settings of a <see cref="RompClient"/>.</summary>
public sealed class RompClientOptions
{
    /// <summary>The largest frame payload accepted, in bytes (default 16 MiB).</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>How long connecting plus the Romp handshake may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How many items a streaming call (IAsyncEnumerable) may have in flight before the consumer takes them (default 64).
    /// Bounds the memory a slow consumer costs on both sides.
    /// </summary>
    public int StreamWindow { get; set; } = 64;

    /// <summary>
    /// How long the server may leave this client's output unread while more is waiting to be sent (default 30 s). Past it
    /// the connection is closed with <see cref="RompError.SendFailed"/> and pending calls fail.
    /// </summary>
    public TimeSpan StalledWriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Where the client logs; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }
}
