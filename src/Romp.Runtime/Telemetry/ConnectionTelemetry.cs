using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Romp.Connections;
using Romp.Protocol;

namespace Romp.Telemetry;

/// <summary>
/// What the telemetry of one connection needs and keeps: its <c>network.transport</c> and role, the server's address
/// as its client calls it, and when it opened. Counts its frames and bytes while someone listens, and is entered in
/// <see cref="LiveConnections"/> while it is open, which the observed instruments read.
/// </summary>
internal sealed class ConnectionTelemetry
{
    // romp.frame.type, indexed by the type byte; 0 and unknown bytes never get this far (the reader refuses them).
    private static readonly string[] s_frameTypes =
    [
        "other", "request", "request_block", "oneway", "oneway_sync", "retval", "exception", "yield", "sync", "null_msg",
        "cancel", "credit", "goodbye", "discard", "release", "ping", "pong", "drain", "bytes", "bytes_end", "bytes_credit",
        "bytes_stop",
    ];

    /// <summary><c>network.transport</c> by <see cref="TransportIndex"/>.</summary>
    public static readonly string[] TransportNames = ["tcp", "unix", "pipe"];

    /// <summary><c>romp.connection.role</c> by <see cref="RoleIndex"/> (a <see cref="ConnectionRole"/>).</summary>
    public static readonly string[] RoleNames = ["client", "server", "peer"];

    private readonly EndPoint? _remoteEndPoint;
    private readonly ConnectionRole _role;
    private string? _serverAddress; // a client's, made on first use: server.address
    private object? _serverPort;    // boxed once: server.port, or null when the address has none

    public ConnectionTelemetry(RompConnection connection, EndPoint? remoteEndPoint, ConnectionRole role)
    {
        Connection = connection;
        _remoteEndPoint = remoteEndPoint;
        _role = role;
        TransportIndex = remoteEndPoint switch
        {
            IPEndPoint or DnsEndPoint => 0,
            UnixDomainSocketEndPoint => 1,
            _ => 2, // in-process pipes and streams: a named or anonymous pipe, as the conventions put it
        };
        RoleIndex = (int)role;
        Transport = TransportNames[TransportIndex];
        Role = RoleNames[RoleIndex];
    }

    public RompConnection Connection { get; }

    /// <summary><c>network.transport</c>: tcp (tls:// too), unix, or pipe (inproc:// and attached streams).</summary>
    public string Transport { get; }

    public int TransportIndex { get; }

    /// <summary><c>romp.connection.role</c>: client, server, or peer (a connection attached to a stream).</summary>
    public string Role { get; }

    public int RoleIndex { get; }

    /// <summary>When it opened (Stopwatch ticks); set by <see cref="LiveConnections"/>, under its lock.</summary>
    internal long OpenedAt { get; set; }

    /// <summary>Unopened, open, then closed; moved by <see cref="LiveConnections"/>, under its lock.</summary>
    internal int State { get; set; }

    /// <summary>The connection's handshake is done: it counts as open from now on.</summary>
    public void Opened() => LiveConnections.Add(this);

    /// <summary>The connection closed for <paramref name="reason"/>; records how long it was open. Idempotent; never throws.</summary>
    public void Closed(RompException reason)
    {
        if (!LiveConnections.Remove(this, out long openedAt) || !RompInstruments.ConnectionDuration.Enabled)
            return;
        try
        {
            RecordDuration(reason, openedAt);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Faulted(error);
        }
    }

    private void RecordDuration(RompException reason, long openedAt)
    {
        var tags = new TagList
        {
            { RompInstruments.NetworkTransport, Transport },
            { RompInstruments.ConnectionRole, Role },
        };
        // An orderly close, by either side, is not an error; anything else says what ended it.
        if (reason.Error != RompError.ClosedConnection)
            tags.Add(RompInstruments.ErrorType, ErrorTypes.Of(reason.Error));
        RompInstruments.ConnectionDuration.Record(Stopwatch.GetElapsedTime(openedAt).TotalSeconds, in tags);
    }

    /// <summary>
    /// <c>server.address</c> and <c>server.port</c>, on a client's connection only: the address it reached the server at,
    /// as the transport reports it (an IP address, or a Unix socket's path). Made on first use, then cached.
    /// </summary>
    public void AddServerTags(ref TagList tags)
    {
        if (ServerAddress() is not { } address)
            return;
        tags.Add(RompInstruments.ServerAddress, address);
        if (_serverPort is not null)
            tags.Add(RompInstruments.ServerPort, _serverPort);
    }

    /// <summary>The same attributes, on a client span.</summary>
    public void TagServer(Activity activity)
    {
        if (ServerAddress() is not { } address)
            return;
        activity.SetTag(RompInstruments.ServerAddress, address);
        if (_serverPort is not null)
            activity.SetTag(RompInstruments.ServerPort, _serverPort);
    }

    private string? ServerAddress()
    {
        if (_role != ConnectionRole.Client || _remoteEndPoint is null)
            return null;
        if (Volatile.Read(ref _serverAddress) is { } known)
            return known;
        (string? address, object? port) = _remoteEndPoint switch
        {
            IPEndPoint ip => ((ip.Address.IsIPv4MappedToIPv6 ? ip.Address.MapToIPv4() : ip.Address).ToString(), (object?)ip.Port),
            DnsEndPoint dns => (dns.Host, dns.Port),
            UnixDomainSocketEndPoint unix => (unix.ToString(), null),
            _ => (null, null),
        };
        if (address is null)
            return null;
        _serverPort = port;
        Volatile.Write(ref _serverAddress, address); // last: a reader that sees it sees the port too
        return address;
    }

    /// <summary>True while someone listens to the frame or byte counts of either direction.</summary>
    public static bool CountsFramesSent => RompInstruments.FramesSent.Enabled || RompInstruments.BytesSent.Enabled;

    public static bool CountsFramesReceived => RompInstruments.FramesReceived.Enabled || RompInstruments.BytesReceived.Enabled;

    /// <summary>
    /// A frame of <paramref name="bytes"/> (header and payload) went into the output; call only when
    /// <see cref="CountsFramesSent"/>. Never throws: it runs under the output's lock, after the frame is written.
    /// </summary>
    public void FrameSent(FrameType type, long bytes)
    {
        try
        {
            TagList tags = FrameTags(type);
            RompInstruments.FramesSent.Add(1, in tags);
            RompInstruments.BytesSent.Add(bytes, in tags);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Faulted(error);
        }
    }

    /// <summary>A frame of <paramref name="bytes"/> was read; call only when <see cref="CountsFramesReceived"/>. Never throws: the read loop calls it.</summary>
    public void FrameReceived(FrameType type, long bytes)
    {
        try
        {
            TagList tags = FrameTags(type);
            RompInstruments.FramesReceived.Add(1, in tags);
            RompInstruments.BytesReceived.Add(bytes, in tags);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Faulted(error);
        }
    }

    /// <summary>
    /// A one-way call to <paramref name="method"/> (its <c>rpc.method</c>) failed with <paramref name="error"/>: counted
    /// in <c>romp.oneways.failed</c>, since no answer tells its caller. Never throws.
    /// </summary>
    public void OnewayFailed(string method, Exception error)
    {
        if (!RompInstruments.OnewaysFailed.Enabled)
            return;
        try
        {
            TagList tags = RompInstruments.CallTags(method, Transport, ErrorTypes.Of(error));
            RompInstruments.OnewaysFailed.Add(1, in tags);
        }
        catch (Exception fault) when (fault is not OutOfMemoryException)
        {
            Faulted(fault);
        }
    }

    /// <summary>
    /// A listener's callback threw: the listener's bug, which must not break the connection's bookkeeping (a lock held,
    /// a read loop, a shutdown) that calls into telemetry. Shown to a debugger, and otherwise dropped.
    /// </summary>
    internal static void Faulted(Exception error) => Debug.WriteLine($"A listener of Romp's telemetry threw: {error}");

    private TagList FrameTags(FrameType type) => new()
    {
        { RompInstruments.FrameType, (uint)type < (uint)s_frameTypes.Length ? s_frameTypes[(int)type] : s_frameTypes[0] },
        { RompInstruments.NetworkTransport, Transport },
    };
}
