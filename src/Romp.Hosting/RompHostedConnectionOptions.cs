namespace Romp.Hosting;

/// <summary>
/// The connection settings a hosted server or client reads from configuration. Each is null unless set, and a null
/// one keeps the default of <see cref="RompConnectionOptions"/>, whose documentation says what each one does.
/// </summary>
/// <remarks>
/// Timespans are written as configuration writes them: <c>"00:00:05"</c> for five seconds, <c>"-00:00:00.001"</c>
/// (<see cref="Timeout.InfiniteTimeSpan"/>) for "off" where the setting allows it.
/// </remarks>
public abstract class RompHostedConnectionOptions
{
    /// <summary>For the server's and the client's options only.</summary>
    private protected RompHostedConnectionOptions()
    {
    }

    /// <summary>The endpoint: <c>tcp://host:port</c>, <c>tls://host:port</c>, <c>unix:///path</c> or <c>inproc://name</c>. Required.</summary>
    public string? Endpoint { get; set; }

    /// <summary><see cref="RompConnectionOptions.MaxFrameSize"/>: the largest frame payload accepted, in bytes.</summary>
    public int? MaxFrameSize { get; set; }

    /// <summary><see cref="RompConnectionOptions.StreamWindow"/>: items of a consumed stream in flight at once.</summary>
    public int? StreamWindow { get; set; }

    /// <summary><see cref="RompConnectionOptions.MaxConcurrentCalls"/>: calls from the peer in progress at once.</summary>
    public int? MaxConcurrentCalls { get; set; }

    /// <summary><see cref="RompConnectionOptions.MaxOpenStreams"/>: streaming calls from the peer open at once.</summary>
    public int? MaxOpenStreams { get; set; }

    /// <summary><see cref="RompConnectionOptions.MaxReferences"/>: objects of this side the peer may hold at once.</summary>
    public int? MaxReferences { get; set; }

    /// <summary><see cref="RompConnectionOptions.StalledWriteTimeout"/>: how long a flush may make no progress.</summary>
    public TimeSpan? StalledWriteTimeout { get; set; }

    /// <summary><see cref="RompConnectionOptions.KeepAliveInterval"/>: the silence after which a PING goes out.</summary>
    public TimeSpan? KeepAliveInterval { get; set; }

    /// <summary><see cref="RompConnectionOptions.KeepAliveTimeout"/>: the silence after a PING that declares the peer dead.</summary>
    public TimeSpan? KeepAliveTimeout { get; set; }

    /// <summary><see cref="RompConnectionOptions.HandshakeTimeout"/>: how long setting a connection up may take.</summary>
    public TimeSpan? HandshakeTimeout { get; set; }

    /// <summary><see cref="RompConnectionOptions.FrameReadTimeout"/>: how long the rest of a started frame may take.</summary>
    public TimeSpan? FrameReadTimeout { get; set; }

    /// <summary><see cref="RompConnectionOptions.DefaultCallTimeout"/>: the longest any call this side makes may take.</summary>
    public TimeSpan? DefaultCallTimeout { get; set; }

    /// <summary><see cref="RompConnectionOptions.ReceiveSpin"/>: how long a socket reader polls before it parks.</summary>
    public TimeSpan? ReceiveSpin { get; set; }

    /// <summary><see cref="RompConnectionOptions.FlowCallContext"/>: whether served code can read <see cref="RompCallContext.Current"/>.</summary>
    public bool? FlowCallContext { get; set; }

    /// <summary><see cref="RompConnectionOptions.IncludeRemoteStackTrace"/>: whether exceptions sent back carry this side's stack trace (off unless set: it reveals source paths).</summary>
    public bool? IncludeRemoteStackTrace { get; set; }

    /// <summary><see cref="RompConnectionOptions.InlineDispatch"/>: whether calls and answers run on the read thread itself.</summary>
    public bool? InlineDispatch { get; set; }

    /// <summary>The endpoint, or an error that says where to set it.</summary>
    internal string RequireEndpoint(string what, string section) =>
        string.IsNullOrWhiteSpace(Endpoint)
            ? throw new InvalidOperationException($"{what} has no endpoint: set Endpoint in its options (for example \"{section}:Endpoint\" in appsettings.json), such as \"tcp://127.0.0.1:4242\".")
            : Endpoint;

    /// <summary>Copies the settings that were set onto <paramref name="options"/>; the others keep its defaults.</summary>
    private protected void ApplyTo(RompConnectionOptions options)
    {
        if (MaxFrameSize is { } maxFrameSize)
            options.MaxFrameSize = maxFrameSize;
        if (StreamWindow is { } streamWindow)
            options.StreamWindow = streamWindow;
        if (MaxConcurrentCalls is { } maxConcurrentCalls)
            options.MaxConcurrentCalls = maxConcurrentCalls;
        if (MaxOpenStreams is { } maxOpenStreams)
            options.MaxOpenStreams = maxOpenStreams;
        if (MaxReferences is { } maxReferences)
            options.MaxReferences = maxReferences;
        if (StalledWriteTimeout is { } stalledWriteTimeout)
            options.StalledWriteTimeout = stalledWriteTimeout;
        if (KeepAliveInterval is { } keepAliveInterval)
            options.KeepAliveInterval = keepAliveInterval;
        if (KeepAliveTimeout is { } keepAliveTimeout)
            options.KeepAliveTimeout = keepAliveTimeout;
        if (HandshakeTimeout is { } handshakeTimeout)
            options.HandshakeTimeout = handshakeTimeout;
        if (FrameReadTimeout is { } frameReadTimeout)
            options.FrameReadTimeout = frameReadTimeout;
        if (DefaultCallTimeout is { } defaultCallTimeout)
            options.DefaultCallTimeout = defaultCallTimeout;
        if (ReceiveSpin is { } receiveSpin)
            options.ReceiveSpin = receiveSpin;
        if (FlowCallContext is { } flowCallContext)
            options.FlowCallContext = flowCallContext;
        if (IncludeRemoteStackTrace is { } includeRemoteStackTrace)
            options.IncludeRemoteStackTrace = includeRemoteStackTrace;
        if (InlineDispatch is { } inlineDispatch)
            options.InlineDispatch = inlineDispatch;
    }
}
