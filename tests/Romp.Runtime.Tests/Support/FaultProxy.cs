using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Romp.Tests.Support;

/// <summary>
/// A TCP proxy on loopback that forwards each connection it accepts to a target and injects faults into it, per
/// connection and per direction, while bytes flow: latency, a bandwidth limit, a black hole, a stall, a cut (reset or
/// FIN), and dropped Romp frames. Debian has no Toxiproxy and this kernel no netem; this is the part of them Romp's
/// tests need, over real sockets. Everything is async: no thread waits for a connection.
/// </summary>
/// <example>
/// <code>
/// await using var proxy = new FaultProxy(server.Endpoint);
/// await using RompClient client = await RompClient.ConnectAsync(proxy.Endpoint);
/// ProxiedConnection link = await proxy.NextConnectionAsync(cancellationToken);
/// link.ServerToClient.BlackHole = true;
/// </code>
/// </example>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly IPEndPoint _target;
    private readonly Action<ProxiedConnection>? _configure;
    private readonly Channel<ProxiedConnection> _accepted = Channel.CreateUnbounded<ProxiedConnection>();
    private readonly List<ProxiedConnection> _connections = new(); // guarded by itself
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _acceptLoop;
    private int _disposed;

    /// <summary>Listens on 127.0.0.1 with a port of the system's choosing and forwards to <paramref name="target"/>.</summary>
    /// <param name="target">A <c>tcp://address:port</c> endpoint, such as a started RompServer's.</param>
    /// <param name="configure">Sets faults on each connection before its first byte is forwarded (the hellos included).</param>
    public FaultProxy(string target, Action<ProxiedConnection>? configure = null)
    {
        var uri = new Uri(target);
        if (uri.Scheme != "tcp")
            throw new ArgumentException($"The proxy forwards tcp:// only, not {target}.", nameof(target));
        _target = new IPEndPoint(IPAddress.Parse(uri.Host), uri.Port);
        _configure = configure;
        _listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        _listener.Listen(512);
        Endpoint = $"tcp://127.0.0.1:{((IPEndPoint)_listener.LocalEndPoint!).Port}";
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>Where clients connect: <c>tcp://127.0.0.1:port</c>.</summary>
    public string Endpoint { get; }

    /// <summary>Every connection accepted so far, in order, closed ones included.</summary>
    public IReadOnlyList<ProxiedConnection> Connections
    {
        get
        {
            lock (_connections)
                return _connections.ToArray();
        }
    }

    /// <summary>The next connection accepted and forwarded, in order of acceptance; each is returned once.</summary>
    public ValueTask<ProxiedConnection> NextConnectionAsync(CancellationToken cancellationToken) => _accepted.Reader.ReadAsync(cancellationToken);

    /// <summary>Stops listening, resets every connection, and waits until all are closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        _stopping.Cancel();
        _listener.Dispose();
        await _acceptLoop.ConfigureAwait(false);
        _accepted.Writer.TryComplete();
        ProxiedConnection[] connections = Connections.ToArray();
        foreach (ProxiedConnection connection in connections)
            connection.Cut(ProxyCut.Reset);
        await Task.WhenAll(connections.Select(static c => c.Completion)).ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return; // disposed; or the listener failed, which no test outlives
            }

            // Connected here, one at a time: on loopback that is immediate, and a dispose never races a half-made connection.
            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await server.ConnectAsync(_target, _stopping.Token).ConfigureAwait(false);
            }
            catch (Exception error) when (error is OperationCanceledException or SocketException)
            {
                // Nothing listens at the target (a killed server, say): the client is refused as it would be there.
                server.Dispose();
                client.LingerState = new LingerOption(true, 0);
                client.Dispose();
                if (_stopping.IsCancellationRequested)
                    return;
                continue;
            }

            client.NoDelay = true;
            var connection = new ProxiedConnection(client, server);
            _configure?.Invoke(connection);
            lock (_connections)
                _connections.Add(connection);
            connection.Start();
            _accepted.Writer.TryWrite(connection);
        }
    }
}
