using Microsoft.Extensions.Logging;

namespace Romp;

/// <summary>
/// The settings a Romp connection has on either side: a server's connections, a client's, and one made with
/// <see cref="RompConnection.AttachAsync(System.IO.Stream, RompConnectionOptions?, CancellationToken)"/> alike. The
/// protocol is symmetric, so none of these depends on who connected to whom.
/// </summary>
public class RompConnectionOptions
{
    /// <summary>The smallest <see cref="MaxFrameSize"/> there is: every peer accepts frames of this size.</summary>
    public const int MinimumFrameSize = 1024;

    /// <summary>The largest frame payload this side accepts, in bytes (default 16 MiB). A larger frame closes the connection.</summary>
    public int MaxFrameSize { get; set; } = 16 * 1024 * 1024;

    /// <summary>
    /// How many items a streaming call (IAsyncEnumerable) this side consumes may have in flight before it takes them
    /// (default 64). Bounds the memory a slow consumer costs on both sides.
    /// </summary>
    public int StreamWindow { get; set; } = 64;

    /// <summary>
    /// How many requests and one-way calls from the peer may be in progress on this side at once (default 1024). At the
    /// limit this side stops reading in front of the next call until one finishes, so a peer cannot queue unbounded
    /// work; answers, CANCEL and CREDIT are still read.
    /// </summary>
    public int MaxConcurrentCalls { get; set; } = 1024;

    /// <summary>
    /// How many streaming calls (IAsyncEnumerable results) from the peer may be open on this side at once (default 256).
    /// At the limit the next one waits, as calls do at <see cref="MaxConcurrentCalls"/>.
    /// </summary>
    public int MaxOpenStreams { get; set; } = 256;

    /// <summary>
    /// How many distinct objects of this side the peer may hold references to at once on one connection (default
    /// 65,536): each keeps an object alive here. Past it, a call whose answer would hand out one more fails with
    /// <see cref="RompError.UnexportableObject"/> until the peer releases some; the connection stays open.
    /// </summary>
    public int MaxReferences { get; set; } = 65_536;

    /// <summary>
    /// How long a flush to the peer may make no progress at all before the connection is closed with
    /// <see cref="RompError.SendFailed"/> (default 30 s), so that a peer that stops reading cannot pin memory. No progress
    /// means that for this long the transport took none of the flush and nothing arrived from the peer either: a slow
    /// peer that keeps reading, however slowly, or one whose reader is paused but that keeps sending (its proof-of-life
    /// PINGs), keeps the connection. Over the in-process and custom pipe transports, which cannot tell part of a flush
    /// taken, only the flush's completion and the peer's bytes count. <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan StalledWriteTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the peer may send nothing at all before this side sends it a PING (default 15 s). Any bytes from the
    /// peer count, not only whole frames. Together with <see cref="KeepAliveTimeout"/> this finds a peer that went away
    /// without closing the connection (a crashed host, a broken network path, a NAT or firewall that forgot the
    /// connection): after KeepAliveInterval + KeepAliveTimeout of silence the connection is closed with
    /// <see cref="RompError.ConnectionBroken"/>, which fails every pending call. PINGs go only to a peer whose hello says
    /// it answers them; against an older peer keepalive is off. <see cref="Timeout.InfiniteTimeSpan"/> turns it off on
    /// this side; this side still answers the peer's PINGs, and still proves itself alive while it has stopped reading
    /// at a limit.
    /// </summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long the peer may stay silent after this side's PING before it is declared dead and the connection closed
    /// with <see cref="RompError.ConnectionBroken"/> (default 15 s; see <see cref="KeepAliveInterval"/>). While this side
    /// has stopped reading (at <see cref="MaxConcurrentCalls"/>, say) it cannot know what arrives and judges nobody; while
    /// the peer is not taking what this side sends, <see cref="StalledWriteTimeout"/> judges instead.
    /// <see cref="Timeout.InfiniteTimeSpan"/> keeps the PINGs (they keep NATs and firewalls from forgetting an idle
    /// connection) but never declares the peer dead.
    /// </summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Whether code serving a call can read <see cref="RompCallContext.Current"/> (default true). It costs one small
    /// object and one execution context, about 110 bytes, per received call; turn it off for allocation-free serving
    /// when no code reads it. <see cref="RompPolicy"/> checks work either way.
    /// </summary>
    public bool FlowCallContext { get; set; } = true;

    /// <summary>
    /// How long the peer may take to set the connection up before it is dropped (default 10 s): the transport's own
    /// handshake (TLS), the Romp hellos, and on a server that authenticates, the credentials and their check.
    /// </summary>
    public TimeSpan HandshakeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the rest of a frame may take to arrive once its first bytes have (default 30 s). Past it the connection
    /// is closed with <see cref="RompError.Timeout"/>, so a peer that sends a few bytes of a frame and stalls cannot pin
    /// the connection and its buffers. Raise it for very large frames over slow links; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.
    /// </summary>
    public TimeSpan FrameReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The longest any call this side makes may take (default null: no limit). A request, a streamed result (until its
    /// last item), a one-way call with acknowledgement and a resolve each get this much from when they start; past it
    /// the call fails with a <see cref="RompException"/> whose error is <see cref="RompError.Timeout"/>, and the peer's
    /// token for it fires too, since the deadline travels in the request. A <see cref="RompDeadline.Within"/> scope or
    /// the call being served may set an earlier deadline; the earliest counts. <see cref="Timeout.InfiniteTimeSpan"/>
    /// is the same as null. On a server it bounds the callbacks its connections make.
    /// </summary>
    public TimeSpan? DefaultCallTimeout { get; set; }

    /// <summary>
    /// Whether an exception this side's code throws to the peer's caller carries its stack trace (default false): the
    /// caller's <see cref="RemoteException.RemoteStackTrace"/>, its inner exceptions' stack traces, and for a fault that
    /// arrives as its own type, <see cref="Exception.Data"/>[<see cref="RemoteException.RemoteStackTraceKey"/>]. Off by
    /// default because a stack trace shows the caller this side's source paths, method names and libraries, which helps
    /// whoever probes it; gRPC and MagicOnion likewise keep exception details for debugging only. Turn it on in
    /// development, or between services that trust each other. It applies to what this side serves: a server's
    /// methods, and on a client the callback objects it passes to the server.
    /// </summary>
    public bool IncludeRemoteStackTrace { get; set; }

    /// <summary>
    /// Runs the calls this side receives, and the continuations of the calls it makes, on the connection's read thread
    /// itself (default false). That saves a thread hand-off on every call and answer, but the connection reads nothing
    /// while such code runs: use it only when the code awaits rather than blocks. A synchronous Romp call made from that
    /// thread would wait for an answer nobody reads, so it fails at once with <see cref="InvalidOperationException"/>.
    /// With the default, code runs on the thread that read the frame once that thread has started the next read, so it
    /// may block as long as it likes.
    /// </summary>
    public bool InlineDispatch { get; set; }

    /// <summary>
    /// How long a socket connection's reader keeps polling for the peer's next bytes before it parks its thread (default
    /// zero: it parks at once). A few tens of microseconds let an answer that comes back quickly be read without waking a
    /// parked thread, at the price of a core kept busy while it polls. Transports other than tcp and unix ignore it (tls
    /// among them: a read through SslStream cannot poll the socket).
    /// </summary>
    public TimeSpan ReceiveSpin { get; set; }

    /// <summary>Where the connection logs; nothing is logged when null.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Where this side writes a readable line for every frame it sends and receives (default null: no trace, and it costs
    /// nothing). A line has the time, the process and connection (<c>4711 client#3</c>), the direction (<c>-&gt;</c> sent,
    /// <c>&lt;-</c> received), the frame type, the call id, for calls the object (the name it was resolved under, else its
    /// id) and the method's name, a short summary of the arguments or result, and the payload and frame sizes; answers
    /// name the call they answer. When this is null and the environment variable <c>ROMP_DEBUG</c> is <c>1</c> (read once
    /// per process), every connection of the process traces to standard error. The sink runs on the thread that sends or
    /// receives the frame, in wire order, so it should be quick, and it must not call into Romp; a sink that throws loses
    /// that line, never the conversation. Lines show the bytes of arguments and results (not credentials): trace only
    /// conversations whose contents you would log.
    /// </summary>
    /// <example><c>options.ConversationTrace = Console.Error.WriteLine;</c> or, to a logger,
    /// <c>options.ConversationTrace = line =&gt; logger.LogDebug("{Frame}", line);</c></example>
    public Action<string>? ConversationTrace { get; set; }

    /// <summary>Checks the settings; throws <see cref="ArgumentOutOfRangeException"/> naming the one that is out of range.</summary>
    internal virtual void Validate()
    {
        if (MaxFrameSize < MinimumFrameSize)
            throw new ArgumentOutOfRangeException(nameof(MaxFrameSize), MaxFrameSize, $"MaxFrameSize must be at least {MinimumFrameSize} bytes.");
        if (StreamWindow < 1)
            throw new ArgumentOutOfRangeException(nameof(StreamWindow), StreamWindow, "StreamWindow must be at least 1.");
        if (MaxConcurrentCalls < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxConcurrentCalls), MaxConcurrentCalls, "MaxConcurrentCalls must be at least 1.");
        if (MaxOpenStreams < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxOpenStreams), MaxOpenStreams, "MaxOpenStreams must be at least 1.");
        if (MaxReferences < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxReferences), MaxReferences, "MaxReferences must be at least 1.");
        if (StalledWriteTimeout <= TimeSpan.Zero && StalledWriteTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(StalledWriteTimeout), StalledWriteTimeout, "StalledWriteTimeout must be positive or infinite.");
        if (KeepAliveInterval <= TimeSpan.Zero && KeepAliveInterval != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(KeepAliveInterval), KeepAliveInterval, "KeepAliveInterval must be positive or infinite.");
        if (KeepAliveTimeout <= TimeSpan.Zero && KeepAliveTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(KeepAliveTimeout), KeepAliveTimeout, "KeepAliveTimeout must be positive or infinite.");
        if (ReceiveSpin < TimeSpan.Zero || ReceiveSpin > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(ReceiveSpin), ReceiveSpin, "ReceiveSpin must be between zero and one second.");
        if (FrameReadTimeout <= TimeSpan.Zero && FrameReadTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(FrameReadTimeout), FrameReadTimeout, "FrameReadTimeout must be positive or infinite.");
        if (HandshakeTimeout <= TimeSpan.Zero && HandshakeTimeout != Timeout.InfiniteTimeSpan)
            throw new ArgumentOutOfRangeException(nameof(HandshakeTimeout), HandshakeTimeout, "HandshakeTimeout must be positive or infinite.");
        if (DefaultCallTimeout is { } callTimeout)
            RompDeadline.ValidateTimeout(callTimeout, nameof(DefaultCallTimeout));
    }
}
