using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>The built-in socket transports: <c>tcp://host:port</c> (port 0 picks a free one) and <c>unix:///path/to.sock</c>.</summary>
internal sealed class SocketTransport : RompTransport
{
    public const string TcpScheme = "tcp";
    public const string UnixScheme = "unix";

    private SocketTransport(string scheme) => Scheme = scheme;

    public static SocketTransport Tcp { get; } = new(TcpScheme);

    public static SocketTransport Unix { get; } = new(UnixScheme);

    public override string Scheme { get; }

    private bool IsUnix => Scheme == UnixScheme;

    public override void Validate(RompEndpoint endpoint) => ToEndPoint(endpoint);

    public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        TimeSpan receiveSpin = options.ReceiveSpin;
        return ConnectAsync(endpoint, socket => SocketTransportConnection.Create(socket, receiveSpin), cancellationToken);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        TimeSpan receiveSpin = options.ReceiveSpin;
        return ValueTask.FromResult(Listen(endpoint, accepted => SocketTransportConnection.Create(accepted, receiveSpin)));
    }

    /// <summary>
    /// Connects a socket to <paramref name="endpoint"/> and hands it to <paramref name="wrap"/>. The address is parsed
    /// whatever the scheme, so a transport layered on TCP (<c>tls://</c>) connects through <see cref="Tcp"/>.
    /// </summary>
    /// <exception cref="RompException"><see cref="RompError.AccessFailed"/> when nothing accepts the connection.</exception>
    internal async ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, Func<Socket, RompTransportConnection> wrap, CancellationToken cancellationToken)
    {
        EndPoint target = ToEndPoint(endpoint);
        Socket socket = NewSocket(target);
        try
        {
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
            return wrap(socket);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: {error.Message}", error);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Listens on <paramref name="endpoint"/> and hands each accepted socket to <paramref name="wrap"/>, which may throw
    /// <see cref="SocketException"/> to drop it. The listener's endpoint keeps the scheme it was given.
    /// </summary>
    /// <exception cref="RompException"><see cref="RompError.AccessFailed"/> when the endpoint cannot be listened on.</exception>
    internal RompTransportListener Listen(RompEndpoint endpoint, Func<Socket, RompTransportConnection> wrap)
    {
        EndPoint target = ToEndPoint(endpoint);
        string? unixPath = IsUnix ? endpoint.Address : null;
        // A socket file left by a process that died would make bind fail; nobody can be listening on it.
        if (unixPath is not null && File.Exists(unixPath) && !IsListening(unixPath))
            File.Delete(unixPath);

        Socket socket = NewSocket(target);
        try
        {
            socket.Bind(target);
            socket.Listen(512);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new RompException(RompError.AccessFailed, $"Could not listen on {endpoint}: {error.Message}", error);
        }

        string actual = unixPath is null ? Format(endpoint.Scheme, socket.LocalEndPoint!) : endpoint.ToString();
        return new Listener(socket, actual, unixPath, wrap);
    }

    private Socket NewSocket(EndPoint target) => IsUnix
        ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        : target.AddressFamily == AddressFamily.Unspecified
            ? new Socket(SocketType.Stream, ProtocolType.Tcp)
            : new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);

    private EndPoint ToEndPoint(RompEndpoint endpoint)
    {
        if (IsUnix)
            return new UnixDomainSocketEndPoint(endpoint.Address);
        (string host, int port) = SplitHostPort(endpoint);
        return IPAddress.TryParse(host, out IPAddress? ip) ? new IPEndPoint(ip, port) : new DnsEndPoint(host, port);
    }

    /// <summary>The host and port of a <c>host:port</c> address; an IPv6 literal loses its brackets.</summary>
    /// <exception cref="ArgumentException">The address is not <c>host:port</c>.</exception>
    internal static (string Host, int Port) SplitHostPort(RompEndpoint endpoint)
    {
        string address = endpoint.Address;
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out int port) || port > 65535)
            throw RompEndpoint.Invalid(endpoint.ToString(), $"expected {endpoint.Scheme}://host:port");
        string host = address.Substring(0, colon);
        if (host.StartsWith('[') && host.EndsWith(']'))
            host = host.Substring(1, host.Length - 2);
        return (host, port);
    }

    private static string Format(string scheme, EndPoint endPoint) => endPoint switch
    {
        IPEndPoint { Address.IsIPv4MappedToIPv6: true } mapped => Format(scheme, new IPEndPoint(mapped.Address.MapToIPv4(), mapped.Port)),
        IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"{scheme}://[{ip.Address}]:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        IPEndPoint ip => $"{scheme}://{ip.Address}:{ip.Port.ToString(CultureInfo.InvariantCulture)}",
        _ => endPoint.ToString() ?? "?",
    };

    private static bool IsListening(string path)
    {
        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
            return true;
        }
        catch (SocketException error) when (error.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return false;
        }
        catch (SocketException)
        {
            // Not provably dead (permissions, not a socket...): leave the file alone and let bind report the problem.
            return true;
        }
    }

    private sealed class Listener(Socket socket, string endpoint, string? unixPath, Func<Socket, RompTransportConnection> wrap) : RompTransportListener
    {
        public override string Endpoint => endpoint;

        public override async ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                Socket accepted;
                try
                {
                    accepted = await socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is ObjectDisposedException or OperationCanceledException)
                {
                    return null;
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.OperationAborted or SocketError.Interrupted)
                {
                    return null;
                }
                catch (SocketException)
                {
                    // The peer gave up between SYN and accept (ECONNABORTED and friends): not the listener's problem.
                    continue;
                }

                try
                {
                    return wrap(accepted);
                }
                catch (SocketException)
                {
                    // Reset between accept and setup (NoDelay can fail then on some systems): drop this one, keep accepting.
                    accepted.Dispose();
                }
            }
        }

        public override ValueTask DisposeAsync()
        {
            socket.Dispose();
            if (unixPath is not null)
            {
                try
                {
                    File.Delete(unixPath);
                }
                catch (IOException)
                {
                }
            }

            return ValueTask.CompletedTask;
        }
    }
}
