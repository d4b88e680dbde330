using System.Net;
using System.Net.Sockets;
using Romp.Bench.Raw;
using StreamJsonRpc;

namespace Romp.Bench.Peers;

/// <summary>
/// The StreamJsonRpc peer: a TCP listener on a free loopback port; each connection gets a <see cref="JsonRpc"/> with
/// the MessagePack formatter behind a length header, serving one shared <see cref="JsonRpcBenchTarget"/>.
/// </summary>
internal sealed class JsonRpcPeerServer : IAsyncDisposable
{
    private readonly Socket _listener;
    private readonly JsonRpcBenchTarget _target = new(new TickCounter());
    private readonly CancellationTokenSource _stop = new();
    private readonly HashSet<JsonRpc> _connections = new(); // guarded by itself: the accept loop adds, each connection removes itself
    private readonly Task _accepting;

    private JsonRpcPeerServer(Socket listener)
    {
        _listener = listener;
        Endpoint = RawEndpoint.Format(listener.LocalEndPoint!);
        _accepting = AcceptLoopAsync();
    }

    /// <summary>tcp://127.0.0.1:PORT.</summary>
    public string Endpoint { get; }

    public static JsonRpcPeerServer Start()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            listener.Listen(64);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new JsonRpcPeerServer(listener);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        await _accepting.ConfigureAwait(false);
        JsonRpc[] open;
        lock (_connections)
            open = [.. _connections];
        foreach (JsonRpc rpc in open)
            rpc.Dispose();
        _stop.Dispose();
    }

    // Runs until the server stops: disposing the listener ends the pending accept.
    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            socket.NoDelay = true;
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var stream = new NetworkStream(socket, ownsSocket: true);
        var rpc = new JsonRpc(new LengthHeaderMessageHandler(stream, stream, new MessagePackFormatter()));
        try
        {
            rpc.AddLocalRpcTarget(_target);
            lock (_connections)
            {
                if (_stop.IsCancellationRequested)
                    return;
                _connections.Add(rpc);
            }

            rpc.StartListening();
            await rpc.Completion.ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or SocketException)
        {
            // The client went away or the server is stopping.
        }
        catch (Exception e)
        {
            // Nothing awaits this task: say what broke instead of losing it.
            Console.Error.WriteLine($"jsonrpc server: {e.GetType().Name}: {e.Message}");
        }
        finally
        {
            lock (_connections)
                _connections.Remove(rpc);
            rpc.Dispose();
            await stream.DisposeAsync().ConfigureAwait(false);
        }
    }
}
