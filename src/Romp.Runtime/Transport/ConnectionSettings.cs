using Microsoft.Extensions.Logging;

namespace Romp.Transport;

/// <summary>What a <see cref="RompConnection"/> needs from the server or client options that created it.</summary>
internal sealed record ConnectionSettings(
    int MaxFrameSize,
    TimeSpan HandshakeTimeout,
    bool IncludeRemoteStackTrace,
    uint StreamWindow,
    TimeSpan StalledWriteTimeout,
    int MaxConcurrentCalls,
    ILogger Logger)
{
    /// <summary>Bytes written but not yet flushed past which a writer (other than the read loop) waits for the flush.</summary>
    public const int MaxUnflushedBytes = 1024 * 1024;

    /// <summary>One-way calls queued but not yet run past which the read loop stops reading from the peer.</summary>
    public const int MaxQueuedOneways = 4096;
}
