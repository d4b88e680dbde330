using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Romp.Connections;
using Romp.Hosting;
using Romp.Internal;
using Romp.Rpc;
using Romp.Transport;

namespace Romp;

/// <summary>
/// Exports objects to Romp clients over one endpoint: <c>tcp://host:port</c> (port 0 picks a free one),
/// <c>tls://host:port</c> (with <see cref="RompServerOptions.Tls"/>), <c>unix:///path/to.sock</c> or <c>inproc://name</c>.
/// </summary>
/// <example>
/// <code>
/// await using var server = new RompServer("tcp://127.0.0.1:0");
/// server.Bind&lt;ICalculator&gt;("calc", new Calculator());
/// await server.StartAsync();
/// </code>
/// </example>
public sealed class RompServer : IAsyncDisposable
{
    private readonly RompEndpoint _endpoint;
    private readonly RompTransport _transport;
    private readonly RompServerOptions _options;
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly ConnectionAdmission _admission; // the ACL, the acceptor and MaxConnections, with their counts
    private readonly ObjectDirectory _directory = new(new ExportRegistry());
    private readonly ConcurrentDictionary<RompConnection, Task> _connections = new();
    private readonly ConcurrentDictionary<RompConnection, Task> _finishing = new(); // closed, with received calls maybe still running
    private readonly ConcurrentDictionary<Task, byte> _handshakes = new();
    private readonly CancellationTokenSource _stopping = new();
    private RompTransportListener? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _state; // 0 created, 1 started, 2 stopped

    /// <summary>Creates a server for <paramref name="endpoint"/>; nothing listens until <see cref="StartAsync"/>.</summary>
    /// <exception cref="ArgumentException">The endpoint is not a valid Romp endpoint, or no transport serves its scheme.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public RompServer(string endpoint, RompServerOptions? options = null)
    {
        _options = options ?? new RompServerOptions();
        (_endpoint, _transport) = _options.Transports.Resolve(endpoint);
        _settings = new ConnectionSettings(_options, "Romp.Server");
        _logger = _settings.Logger;
        _admission = new ConnectionAdmission(_options, _logger);
        Endpoint = _endpoint.ToString();
    }

    /// <summary>The endpoint; after <see cref="StartAsync"/>, the real address (with the port the system picked for port 0).</summary>
    public string Endpoint { get; private set; }

    /// <summary>The number of open client connections.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>The open connections, for tests and diagnostics.</summary>
    internal ICollection<RompConnection> Connections => _connections.Keys;

    /// <summary>
    /// For tests and diagnostics: completes once every call received by a connection that is closed now has finished.
    /// A closed connection leaves <see cref="ConnectionCount"/> at once, while the calls it had received still run,
    /// cancelled; whoever saw it leave the count finds those calls in this task.
    /// </summary>
    internal Task WhenClosedConnectionsFinishedAsync() => Task.WhenAll(_finishing.Values);

    /// <summary>
    /// Raised when a client connection closes, including connections refused by the ACL or the acceptor or dropped
    /// during the handshake, with the reason. Raised on a pool thread; handlers must not block.
    /// </summary>
    public event EventHandler<RompConnectionClosedEventArgs>? ConnectionClosed;

    /// <summary>Exports <paramref name="obj"/> under <paramref name="name"/> (ROMP's bind); clients reach it with ResolveAsync.</summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface clients will resolve it as.</typeparam>
    /// <exception cref="ArgumentException">The name is already bound.</exception>
    /// <exception cref="RompException"><typeparamref name="T"/> has no generated contract (<see cref="RompError.UnexportableObject"/>).</exception>
    public void Bind<T>(string name, T obj) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(obj);
        _directory.Bind(name, obj, RompContracts.Get<T>());
    }

    /// <summary>
    /// Exports <paramref name="obj"/> under <paramref name="name"/> for the clients <paramref name="policy"/> allows
    /// (<see cref="RompPolicy.RequireRole"/>, say): others get <see cref="RompError.AccessDenied"/> when they resolve or
    /// call it, and its code never runs. One server can so expose a public object and an admin object side by side.
    /// </summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface clients will resolve it as.</typeparam>
    /// <exception cref="ArgumentException">The name is already bound, or the object is bound under another policy.</exception>
    /// <exception cref="RompException"><typeparamref name="T"/> has no generated contract (<see cref="RompError.UnexportableObject"/>).</exception>
    public void Bind<T>(string name, T obj, RompPolicy policy) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentNullException.ThrowIfNull(policy);
        _directory.Bind(name, obj, RompContracts.Get<T>(), policy);
    }

    /// <summary>
    /// Removes a name. Unless the object is still bound under another name it is withdrawn: clients that resolved it
    /// get <see cref="RompError.ObjectWithdrawn"/> from then on.
    /// </summary>
    public void Unbind(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        _directory.Unbind(name);
    }

    /// <summary>Exports <paramref name="obj"/> without a name (ROMP's register): reachable only through references handed out.</summary>
    public void Register<T>(T obj) where T : class
    {
        ArgumentNullException.ThrowIfNull(obj);
        _directory.Register(obj, RompContracts.Get<T>());
    }

    /// <summary>
    /// Withdraws <paramref name="obj"/> and any names it is bound under, on this server's connections only: later calls on
    /// it fail with <see cref="RompError.ObjectWithdrawn"/>. Returns false when this server never exported it.
    /// </summary>
    public bool Unregister(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return _directory.Unregister(obj);
    }

    /// <summary>Starts listening. <see cref="Endpoint"/> then holds the real address.</summary>
    /// <exception cref="RompException">The endpoint cannot be listened on (<see cref="RompError.AccessFailed"/>).</exception>
    /// <exception cref="InvalidOperationException">
    /// The server was started before, or a <c>tls://</c> endpoint has no certificate in <see cref="RompServerOptions.Tls"/>.
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.CompareExchange(ref _state, 1, 0) != 0)
            throw new InvalidOperationException("The server was already started.");
        cancellationToken.ThrowIfCancellationRequested();
        _listener = await _transport.ListenAsync(_endpoint, _options, cancellationToken).ConfigureAwait(false);
        Endpoint = _listener.Endpoint;
        _acceptLoop = Task.Run(AcceptLoopAsync, CancellationToken.None);
    }

    /// <summary>
    /// Stops listening, tells each client it is going away (DRAIN: a reconnecting client sends no new calls here and
    /// starts connecting again), lets the calls in flight finish (until <paramref name="cancellationToken"/> fires, which
    /// cancels them; new calls are refused with <see cref="RompError.ClosedConnection"/>), then closes every connection
    /// with a goodbye (<see cref="RompError.ListenerKilled"/>) and waits, within the same patience, for the calls of
    /// connections that had closed to end.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _state, 2) != 1)
            return;
        _stopping.Cancel();
        if (_listener is not null)
            await _listener.DisposeAsync().ConfigureAwait(false);
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_handshakes.Keys).ConfigureAwait(false);

        RompConnection[] connections = _connections.Keys.ToArray();
        try
        {
            await Task.WhenAll(connections.Select(static c => c.DrainAsync("The server is stopping: connect again later, or elsewhere."))).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Out of patience: closing the connections below cancels what still runs.
        }

        await Task.WhenAll(connections.Select(static c => c.CloseAsync("The server stopped.", RompError.ListenerKilled).AsTask())).ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).ConfigureAwait(false);
        try
        {
            // Calls of connections that closed (cancelled, so they end soon) still run user code: stopping waits for them too.
            await WhenClosedConnectionsFinishedAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Out of patience: they were cancelled; the caller asked not to wait longer.
        }
    }

    /// <summary>
    /// <see cref="StopAsync"/> with a grace period of <see cref="RompServerOptions.DisposeGracePeriod"/>: calls still
    /// running after it (an endless stream, a call that ignores cancellation) are cancelled rather than holding the dispose up.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        using var grace = new CancellationTokenSource(_options.DisposeGracePeriod);
        await StopAsync(grace.Token).ConfigureAwait(false);
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                RompTransportConnection? transport = await _listener!.AcceptAsync(_stopping.Token).ConfigureAwait(false);
                if (transport is null)
                    return;
                // Before the transport opens (TLS) or a hello is sent: a peer closed here learns nothing but that.
                switch (_admission.Admit(transport, out RompException? refusal))
                {
                    case AdmissionVerdict.Admitted:
                        Track(HandshakeAsync(transport));
                        break;
                    case AdmissionVerdict.TellWhy:
                        Track(RefuseAsync(transport, refusal!));
                        break;
                    default:
                        await transport.DisposeAsync().ConfigureAwait(false);
                        RaiseClosed(transport.RemoteEndPoint, refusal);
                        break;
                }
            }
        }
        catch (Exception error)
        {
            Log.AcceptFailed(_logger, Endpoint, error);
        }
    }

    // Handshakes and refusals in progress, which StopAsync waits for.
    private void Track(Task handshake)
    {
        _handshakes.TryAdd(handshake, 0);
        _ = handshake.ContinueWith(static (t, s) => ((ConcurrentDictionary<Task, byte>)s!).TryRemove(t, out _), _handshakes, TaskScheduler.Default);
    }

    /// <summary>One connection over MaxConnections: told why in a GOODBYE after the hellos, then closed.</summary>
    private async Task RefuseAsync(RompTransportConnection transport, RompException reason)
    {
        await Task.Yield();
        try
        {
            var connection = new RompConnection(transport, _settings, _directory, ConnectionRole.Server);
            try
            {
                await connection.OpenAsync(_stopping.Token, refusal: reason).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Expected: the refusal ends the connection, and the reason below is the one that matters.
            }

            RaiseClosed(transport.RemoteEndPoint, reason);
        }
        finally
        {
            _admission.EndRefusal();
        }
    }

    private async Task HandshakeAsync(RompTransportConnection transport)
    {
        await Task.Yield();
        var connection = new RompConnection(transport, _settings, _directory, ConnectionRole.Server);
        try
        {
            await connection.OpenAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            _admission.Leave();
            RompException reason = error as RompException ?? new RompException(RompError.InvalidPartner, "The handshake failed: " + error.Message, error);
            Log.HandshakeFailed(_logger, transport.RemoteEndPoint, reason.Message);
            RaiseClosed(transport.RemoteEndPoint, reason);
            return;
        }

        Log.ConnectionAccepted(_logger, connection, transport.RemoteEndPoint);
        // Counted before it is watched: a connection whose peer left at once may complete before the next line runs,
        // and an entry added after its removal would stay for good.
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _connections[connection] = ended.Task;
        _ = RunAsync(connection, ended);
    }

    private async Task RunAsync(RompConnection connection, TaskCompletionSource ended)
    {
        await connection.Completion.ConfigureAwait(false);
        // Tracked before the count drops, so that whoever sees the connection gone from ConnectionCount sees its calls.
        Task callsFinished = connection.WhenReceivedCallsFinishedAsync();
        _finishing[connection] = callsFinished;
        _connections.TryRemove(connection, out _);
        _admission.Leave();
        RaiseClosed(connection.RemoteEndPoint, connection.CloseReason);
        ended.TrySetResult();
        await callsFinished.ConfigureAwait(false);
        _finishing.TryRemove(connection, out _);
    }

    private void RaiseClosed(System.Net.EndPoint? remote, RompException? error)
    {
        try
        {
            ConnectionClosed?.Invoke(this, new RompConnectionClosedEventArgs(remote, error));
        }
        catch (Exception handlerError)
        {
            Log.AcceptFailed(_logger, Endpoint, handlerError);
        }
    }
}
