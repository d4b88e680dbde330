using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>
/// A TCP or Unix-domain socket, read and written through a stream on the caller's thread: its <see cref="NetworkStream"/>,
/// or a stream layered over that one (an SslStream, for TLS).
/// </summary>
internal class SocketTransportConnection : StreamTransportConnection
{
    private readonly Socket _socket;

    /// <summary>Reads and writes <paramref name="stream"/>, which owns <paramref name="socket"/> and disposes it.</summary>
    protected SocketTransportConnection(Socket socket, Stream stream)
        : base(stream, stream, socket.RemoteEndPoint)
    {
        _socket = socket;
    }

    /// <summary>
    /// Wraps an accepted or connected socket; small frames go out at once (no Nagle delay), and reads poll for
    /// <paramref name="receiveSpin"/> before they park (<see cref="RompConnectionOptions.ReceiveSpin"/>).
    /// </summary>
    public static SocketTransportConnection Create(Socket socket, TimeSpan receiveSpin)
    {
        SendSmallWritesAtOnce(socket);
        NetworkStream stream = receiveSpin > TimeSpan.Zero
            ? new SpinningNetworkStream(socket, receiveSpin)
            : new NetworkStream(socket, ownsSocket: true);
        return new SocketTransportConnection(socket, stream);
    }

    /// <summary>Turns Nagle's algorithm off on TCP: a lone small frame must not wait for the previous one's ACK.</summary>
    /// <exception cref="SocketException">The socket was reset already.</exception>
    /// <summary>The socket itself, for a transport layered on it that must look at the bytes before its stream does.</summary>
    protected Socket Socket => _socket;

    protected static void SendSmallWritesAtOnce(Socket socket)
    {
        if (socket.ProtocolType == ProtocolType.Tcp)
            socket.NoDelay = true;
    }

    protected override void OnAbort()
    {
        try
        {
            // Linger 0: reset instead of an orderly close, as a crashed peer would.
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
        }
    }

    protected override ValueTask OnOutputCompletedAsync()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
        }

        return default;
    }
}
