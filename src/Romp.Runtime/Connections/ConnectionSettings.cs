using System.Security.Claims;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Romp.Diagnostics;

namespace Romp.Connections;

/// <summary>A connection's settings, copied from its <see cref="RompConnectionOptions"/> when it opens, so that later changes to the options do not reach it.</summary>
internal sealed class ConnectionSettings
{
    /// <summary>Bytes written but not yet flushed past which a writer waits for the flush (the read loop stops reading instead).</summary>
    public const int MaxUnflushedBytes = 1024 * 1024;

    /// <summary>One-way calls queued but not yet run past which the read loop stops reading from the peer.</summary>
    public const int MaxQueuedOneways = 4096;

    public ConnectionSettings(RompConnectionOptions options, string category)
    {
        options.Validate();
        MaxFrameSize = options.MaxFrameSize;
        StreamWindow = (uint)options.StreamWindow;
        MaxConcurrentCalls = options.MaxConcurrentCalls;
        MaxOpenStreams = options.MaxOpenStreams;
        MaxReferences = options.MaxReferences;
        StalledWriteTimeout = options.StalledWriteTimeout;
        KeepAliveInterval = options.KeepAliveInterval;
        KeepAliveTimeout = options.KeepAliveTimeout;
        HandshakeTimeout = options.HandshakeTimeout;
        FrameReadTimeout = options.FrameReadTimeout;
        FlowCallContext = options.FlowCallContext;
        IncludeRemoteStackTrace = options.IncludeRemoteStackTrace;
        InlineDispatch = options.InlineDispatch;
        ReceiveSpin = options.ReceiveSpin;
        DefaultCallTimeout = options.DefaultCallTimeout == Timeout.InfiniteTimeSpan ? null : options.DefaultCallTimeout;
        Authenticate = (options as RompServerOptions)?.Authenticate;
        EnableDescribe = (options as RompServerOptions)?.EnableDescribe ?? false;
        Credentials = (options as RompClientOptions)?.Credentials;
        Logger = options.LoggerFactory?.CreateLogger(category) ?? NullLogger.Instance;
        TraceSink = options.ConversationTrace ?? ConversationTrace.EnvironmentSink;
    }

    public int MaxFrameSize { get; }

    public uint StreamWindow { get; }

    public int MaxConcurrentCalls { get; }

    public int MaxOpenStreams { get; }

    public int MaxReferences { get; }

    public TimeSpan StalledWriteTimeout { get; }

    public TimeSpan KeepAliveInterval { get; }

    public TimeSpan KeepAliveTimeout { get; }

    public TimeSpan HandshakeTimeout { get; }

    public TimeSpan FrameReadTimeout { get; }

    public bool FlowCallContext { get; }

    public bool IncludeRemoteStackTrace { get; }

    public bool InlineDispatch { get; }

    public TimeSpan ReceiveSpin { get; }

    /// <summary>The time each call this side makes is given; null for none (an infinite timeout is none).</summary>
    public TimeSpan? DefaultCallTimeout { get; }

    /// <summary>A server's credentials check; null when it takes every client.</summary>
    public Func<RompAuthenticationContext, ValueTask<ClaimsPrincipal?>>? Authenticate { get; }

    /// <summary>Whether a server answers the describe service; false on every other side.</summary>
    public bool EnableDescribe { get; }

    /// <summary>A client's credentials, sent only to a server that asks.</summary>
    public RompCredentials? Credentials { get; }

    public ILogger Logger { get; }

    /// <summary>Where the conversation's trace lines go: the option's sink, else standard error under ROMP_DEBUG=1, else null (no trace).</summary>
    public Action<string>? TraceSink { get; }
}
