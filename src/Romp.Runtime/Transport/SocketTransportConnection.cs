using System.Net.Sockets;

namespace Romp.Transport;

/// <summary>A TCP or Unix-domain socket, read and written through a <see cref="NetworkStream"/> on the caller's thread.</summary>
internal sealed class SocketTransportConnection : StreamTransportConnection
{
    private readonly Socket _socket;

    private SocketTransportConnection(Socket socket, NetworkStream stream)
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
        if (socket.ProtocolType == ProtocolType.Tcp)
            socket.NoDelay = true;
        NetworkStream stream = receiveSpin > TimeSpan.Zero
            ? new SpinningNetworkStream(socket, receiveSpin)
            : new NetworkStream(socket, ownsSocket: true);
        return new SocketTransportConnection(socket, stream);
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

    protected override void OnOutputCompleted()
    {
        try
        {
            _socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
        }
    }
}
