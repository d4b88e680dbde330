using System.Net;
using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>Listens on a TCP port or a Unix-domain socket path.</summary>
internal sealed class SocketListener : TransportListener
{
    private readonly Socket _socket;
    private readonly PipeSettings _settings;
    private readonly string? _unixPath;

    private SocketListener(Socket socket, PipeSettings settings, string endpoint, string? unixPath)
    {
        _socket = socket;
        _settings = settings;
        Endpoint = endpoint;
        _unixPath = unixPath;
    }

    public override string Endpoint { get; }

    public static SocketListener Start(RompEndpoint endpoint, PipeSettings settings)
    {
        Socket socket;
        string? unixPath = null;
        if (endpoint.Scheme == RompEndpoint.Unix)
        {
            unixPath = endpoint.Address;
            // A socket file left by a process that died would make bind fail; nobody can be listening on it.
            if (File.Exists(unixPath) && !IsListening(unixPath))
                File.Delete(unixPath);
            socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        }
        else
        {
            EndPoint target = endpoint.ToSocketEndPoint();
            socket = target.AddressFamily == AddressFamily.Unspecified
                ? new Socket(SocketType.Stream, ProtocolType.Tcp)
                : new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        }

        try
        {
            socket.Bind(endpoint.ToSocketEndPoint());
            socket.Listen(512);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new RompException(RompError.AccessFailed, $"Could not listen on {endpoint}: {error.Message}", error);
        }

        string actual = unixPath is null ? RompEndpoint.Format(socket.LocalEndPoint!) : endpoint.ToString();
        return new SocketListener(socket, settings, actual, unixPath);
    }

    public override async ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Socket accepted;
            try
            {
                accepted = await _socket.AcceptAsync(cancellationToken).ConfigureAwait(false);
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
                return SocketConnection.Accept(accepted, _settings);
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
        _socket.Dispose();
        if (_unixPath is not null)
        {
            try
            {
                File.Delete(_unixPath);
            }
            catch (IOException)
            {
            }
        }

        return ValueTask.CompletedTask;
    }

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
}
