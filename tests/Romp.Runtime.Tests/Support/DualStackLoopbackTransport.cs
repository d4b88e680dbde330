using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Romp.Transport;

namespace Romp.Tests.Support;

/// <summary>
/// A listen-only transport of the tests' own, <c>dualstack://0</c>: a dual-mode IPv6 socket bound to
/// ::ffff:127.0.0.1, so it takes IPv4 loopback connections only, and reports each peer as the IPv4-mapped address a
/// dual-stack server sees (::ffff:127.0.0.1). The built-in tcp transport binds IPv6 sockets IPv6-only, so it never
/// sees that form. Its endpoint is the plain <c>tcp://127.0.0.1:port</c> the built-in client connects to.
/// </summary>
public sealed class DualStackLoopbackTransport : RompTransport
{
    public const string DualStackScheme = "dualstack";

    public static readonly IPAddress MappedLoopback = IPAddress.Loopback.MapToIPv6();

    public override string Scheme => DualStackScheme;

    public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("Clients connect to the listener's tcp:// endpoint.");

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp) { DualMode = true };
        try
        {
            socket.Bind(new IPEndPoint(MappedLoopback, 0));
            socket.Listen(16);
        }
        catch (SocketException error)
        {
            socket.Dispose();
            throw new RompException(RompError.AccessFailed, $"Could not listen on {MappedLoopback}: {error.Message}", error);
        }

        return ValueTask.FromResult<RompTransportListener>(new Listener(socket));
    }

    private sealed class Listener(Socket socket) : RompTransportListener
    {
        public override string Endpoint =>
            $"tcp://127.0.0.1:{((IPEndPoint)socket.LocalEndPoint!).Port.ToString(CultureInfo.InvariantCulture)}";

        public override async ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken)
        {
            Socket accepted;
            try
            {
                accepted = await socket.AcceptAsync(cancellationToken);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return null;
            }

            return RompTransportConnection.FromStream(new NetworkStream(accepted, ownsSocket: true), accepted.RemoteEndPoint);
        }

        public override ValueTask DisposeAsync()
        {
            socket.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
