using System.Net;
using System.Net.Sockets;

namespace Romp.Tests.Support;

/// <summary>
/// One connection through a <see cref="FaultProxy"/>: the socket the client opened to the proxy, the one the proxy opened
/// to the target, and the two directions between them, each with its own faults and counters.
/// </summary>
public sealed class ProxiedConnection
{
    private const int NotCut = 0, CutWithFin = 1, CutWithReset = 2;

    // How long a FIN cut waits for both peers to close their side before it resets them.
    private static readonly TimeSpan s_finGrace = TimeSpan.FromSeconds(5);

    private readonly Socket _client;
    private readonly Socket _server;
    private int _cut; // NotCut, then CutWithFin and/or CutWithReset; only ever grows
    private Task _completion = Task.CompletedTask;

    internal ProxiedConnection(Socket client, Socket server)
    {
        _client = client;
        _server = server;
        ClientEndPoint = (IPEndPoint)client.RemoteEndPoint!;
        TargetSideEndPoint = (IPEndPoint)server.LocalEndPoint!;
        ClientToServer = new ProxyDirection(this, client, server, "client→server");
        ServerToClient = new ProxyDirection(this, server, client, "server→client");
    }

    /// <summary>The address the client connected from: tells the proxy's connections apart.</summary>
    public IPEndPoint ClientEndPoint { get; }

    /// <summary>The address the target sees this connection come from (a RompConnection's RemoteEndPoint there).</summary>
    public IPEndPoint TargetSideEndPoint { get; }

    /// <summary>What the client sends.</summary>
    public ProxyDirection ClientToServer { get; }

    /// <summary>What the server sends.</summary>
    public ProxyDirection ServerToClient { get; }

    /// <summary>True once <see cref="Cut"/> has run, or a reset from one side was passed on to the other.</summary>
    public bool IsCut => Volatile.Read(ref _cut) != NotCut;

    /// <summary>Completes when both directions have ended and both sockets are closed.</summary>
    public Task Completion => _completion;

    /// <summary>
    /// Sets the same faults on both directions: a path with this latency each way, and this bandwidth each way.
    /// </summary>
    public void SetBoth(TimeSpan latency, long bytesPerSecond = 0)
    {
        foreach (ProxyDirection direction in (ReadOnlySpan<ProxyDirection>)[ClientToServer, ServerToClient])
        {
            direction.Latency = latency;
            direction.BytesPerSecond = bytesPerSecond;
        }
    }

    /// <summary>
    /// Ends the connection on both sides at once; nothing queued is sent on. A reset reaches both peers as a reset. A FIN
    /// reaches both as end of stream; the proxy then reads and drops what they still send until they close too, and
    /// resets whichever has not within 5 s. A reset may follow a FIN; anything else after the first cut does nothing.
    /// </summary>
    public void Cut(ProxyCut how)
    {
        int to = how == ProxyCut.Reset ? CutWithReset : CutWithFin;
        while (true)
        {
            int from = Volatile.Read(ref _cut);
            if (from >= to)
                return;
            if (Interlocked.CompareExchange(ref _cut, to, from) == from)
                break;
        }

        bool fin = how == ProxyCut.Fin;
        ClientToServer.StopForwarding(drain: fin);
        ServerToClient.StopForwarding(drain: fin);
        if (fin)
        {
            ShutdownSend(_client);
            ShutdownSend(_server);
            _ = ResetUnlessClosedAsync();
        }
        else
        {
            Reset(_client);
            Reset(_server);
        }
    }

    internal void Start()
    {
        ClientToServer.Start();
        ServerToClient.Start();
        _completion = CloseWhenDoneAsync();
    }

    private async Task CloseWhenDoneAsync()
    {
        await Task.WhenAll(ClientToServer.Completion, ServerToClient.Completion).ConfigureAwait(false);
        _client.Dispose();
        _server.Dispose();
    }

    private async Task ResetUnlessClosedAsync()
    {
        try
        {
            await _completion.WaitAsync(s_finGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Cut(ProxyCut.Reset);
        }
    }

    private static void ShutdownSend(Socket socket)
    {
        try
        {
            socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Already reset or closed: the peer knows.
        }
    }

    // Linger 0: the close sends a reset, as a crashed host or a dropped route would look to the peer.
    private static void Reset(Socket socket)
    {
        try
        {
            socket.LingerState = new LingerOption(true, 0);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // Closed already.
        }

        socket.Dispose();
    }
}
