using Microsoft.Extensions.Logging;
using Romp.Connections;
using Romp.Internal;
using Romp.Rpc;
using Romp.Transport;

namespace Romp;

/// <summary>
/// A connection to a <see cref="RompServer"/>, and with <see cref="RompClientOptions.Reconnect"/> the next one after it
/// is lost. Safe to use from many threads: any number of calls may be in flight.
/// </summary>
/// <example>
/// <code>
/// await using RompClient client = await RompClient.ConnectAsync("tcp://127.0.0.1:4242");
/// ICalculator calc = await client.ResolveAsync&lt;ICalculator&gt;("calc");
/// int sum = await calc.AddAsync(2, 3);
/// </code>
/// </example>
/// <remarks>
/// Without a reconnect policy a lost connection closes the client for good, and its proxies fail from then on. With
/// one, the client connects again in the background (<see cref="State"/> is <see cref="RompConnectionState.Reconnecting"/>
/// meanwhile); the proxies it resolved by name are resolved again on the new connection, so the program's references
/// to them simply work again. Proxies of objects handed out on the lost connection died with it, unless the program
/// gave them a handler with <see cref="RompProxy.OnRecover{T}"/>. Calls in flight at the loss fail with
/// <see cref="RompError.ConnectionBroken"/>; only <see cref="IdempotentAttribute"/> methods are sent again, once.
/// </remarks>
public sealed class RompClient : IAsyncDisposable
{
    private readonly RompEndpoint _endpoint;
    private readonly RompTransport _transport;
    private readonly RompClientOptions _options;
    private readonly ConnectionSettings _settings;
    private readonly ILogger _logger;
    private readonly RompReconnectPolicy? _policy;
    private readonly RecoverableProxies? _recoverable; // null without a policy: nothing recovers
    private readonly ObjectDirectory _directory = new(new ExportRegistry()); // what this client binds, on every connection it makes
    private readonly CancellationTokenSource _disposing = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // All guarded by _gate.
    private readonly object _gate = new();
    private RompConnectionState _state = RompConnectionState.Connecting;
    private RompConnection? _connection; // the current connection: null before the first, the lost one while reconnecting
    private TaskCompletionSource<RompConnection?>? _reconnected; // while reconnecting, for calls that wait: the next connection, or null once closed
    private RompException? _closeReason; // set once: the client is closed for good
    private RompException? _onewaysInDoubt; // a loss that one-way calls no SYNC confirmed may not have survived; reported once
    private bool _started;
    private bool _disposed;
    private Task _supervision = Task.CompletedTask;

    /// <summary>
    /// Creates a client for <paramref name="endpoint"/> that connects when <see cref="StartAsync"/> is called, so that
    /// <see cref="StateChanged"/> and <see cref="Reconnected"/> handlers can be added first.
    /// <see cref="ConnectAsync(string, RompClientOptions?, CancellationToken)"/> does both.
    /// </summary>
    /// <exception cref="ArgumentException">The endpoint is not a valid Romp endpoint, or no transport serves its scheme.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public RompClient(string endpoint, RompClientOptions? options = null)
    {
        _options = options ?? new RompClientOptions();
        (_endpoint, _transport) = _options.Transports.Resolve(endpoint);
        _settings = new ConnectionSettings(_options, "Romp.Client");
        _logger = _settings.Logger;
        _policy = _options.Reconnect;
        _recoverable = _policy is null ? null : new RecoverableProxies(_policy);
        Endpoint = _endpoint.ToString();
    }

    /// <summary>The endpoint this client connects to.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// The current connection: the server may resolve objects this client binds on it, and call back objects this client
    /// passes to it. After a reconnect it is a new one; while reconnecting, the one that was lost.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client has not connected yet.</exception>
    public RompConnection Connection
    {
        get
        {
            lock (_gate)
                return _connection ?? throw new InvalidOperationException($"The client of {Endpoint} has not connected yet: call StartAsync first.");
        }
    }

    /// <summary>Where the client is: connecting, connected, reconnecting, or closed for good.</summary>
    public RompConnectionState State
    {
        get
        {
            lock (_gate)
                return _state;
        }
    }

    /// <summary>True while <see cref="State"/> is <see cref="RompConnectionState.Connected"/> and its connection is open.</summary>
    public bool IsConnected
    {
        get
        {
            lock (_gate)
                return _state == RompConnectionState.Connected && _connection is { TakesNewCalls: true };
        }
    }

    /// <summary>Completes when the client has closed for good (<see cref="RompConnectionState.Closed"/>); <see cref="CloseReason"/> then says why.</summary>
    public Task Completion => _closed.Task;

    /// <summary>
    /// Why the client closed, once it has: <see cref="RompError.ClosedConnection"/> when it was disposed, else the loss
    /// of its connection, or the last failure of a reconnect policy that gave up.
    /// </summary>
    public RompException? CloseReason
    {
        get
        {
            lock (_gate)
                return _closeReason;
        }
    }

    /// <summary>
    /// Raised on each change of <see cref="State"/>, in order, on the thread that made it (a pool thread for the
    /// changes a lost connection causes). Handlers must not block; an exception from one is logged and ignored.
    /// </summary>
    public event EventHandler<RompStateChangedEventArgs>? StateChanged;

    /// <summary>
    /// Raised after a reconnect, once the named proxies work again and before <see cref="State"/> becomes
    /// <see cref="RompConnectionState.Connected"/>: the place to subscribe callbacks again, since the server forgot the
    /// ones this client had passed it. Each handler is awaited in turn; an exception from one is logged and ignored.
    /// </summary>
    public event Func<RompClient, Task>? Reconnected;

    /// <summary>Connects and completes the Romp handshake.</summary>
    /// <exception cref="ArgumentException">The endpoint is not a valid Romp endpoint, or no transport serves its scheme.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RompException">As for <see cref="StartAsync"/>.</exception>
    public static async Task<RompClient> ConnectAsync(string endpoint, RompClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        var client = new RompClient(endpoint, options);
        await client.StartAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>
    /// Connects and completes the Romp handshake; call once. A first connect that fails is not retried, whatever
    /// <see cref="RompClientOptions.Reconnect"/> says: the client is then closed.
    /// </summary>
    /// <exception cref="InvalidOperationException">The client was started before.</exception>
    /// <exception cref="RompException">
    /// <see cref="RompError.AccessFailed"/> when nothing accepts the connection or its TLS handshake fails (the message
    /// says why: a certificate refused, a server that does not speak TLS), <see cref="RompError.AccessDenied"/> when
    /// the server's acceptor refuses it or a mutual-TLS server refuses its client certificate,
    /// <see cref="RompError.InvalidPartner"/> when the peer does not speak this Romp protocol, <see cref="RompError.Timeout"/>
    /// after <see cref="RompClientOptions.ConnectTimeout"/>.
    /// </exception>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_started)
                throw new InvalidOperationException($"The client of {Endpoint} was started before.");
            _started = true;
        }

        RompConnection connection;
        try
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _disposing.Token);
            connection = await ConnectOnceAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
        {
            throw DisposedWhileConnecting();
        }
        catch (Exception error)
        {
            Close(error as RompException ?? new RompException(RompError.AccessFailed, error.Message, error));
            throw;
        }

        lock (_gate)
        {
            if (!_disposed)
                _connection = connection;
        }

        if (!ReferenceEquals(_connection, connection))
        {
            await connection.CloseAsync("The client closed the connection.").ConfigureAwait(false);
            throw DisposedWhileConnecting();
        }

        // Connected first, then the watch: a loss it sees at once must not be reported before the connect.
        SetState(RompConnectionState.Connected, null);
        lock (_gate)
            _supervision = SuperviseAsync(connection);
    }

    /// <summary>
    /// Returns a proxy for the object the server bound as <paramref name="name"/>. With a reconnect policy, the proxy
    /// comes back by this name after a lost connection: it is resolved again on the new one, and its contract checked
    /// again.
    /// </summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface to use it through.</typeparam>
    /// <exception cref="RompException">
    /// <see cref="RompError.UnknownObject"/> when nothing is bound under the name; <see cref="RompError.TypeGuardFailure"/>
    /// when the object is bound to another contract (another <see cref="RompObjectAttribute.Name"/>). Another version of
    /// the same contract resolves: calls to methods the object lacks then fail with <see cref="RompError.UnknownMethod"/>.
    /// </exception>
    public async Task<T> ResolveAsync<T>(string name, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        RompConnection connection = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        if (_recoverable is not null)
            await _recoverable.WaitForNameAsync(name, connection, cancellationToken).ConfigureAwait(false);
        T proxy = await connection.ResolveAsync<T>(name, cancellationToken).ConfigureAwait(false);
        if (_recoverable is not null && proxy is ProxyBase recoverable)
            _recoverable.Add(recoverable, name);
        return proxy;
    }

    /// <summary>
    /// Resolves the object bound as <paramref name="target"/>'s name for calls without its generated proxy (see
    /// <see cref="RompRemoteObject"/>); it does not come back by itself after a reconnect.
    /// </summary>
    /// <exception cref="RompException">As for <see cref="ResolveAsync{T}"/>.</exception>
    public async Task<RompRemoteObject> ResolveAsync(Romp.Description.RompObjectDescription target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        RompConnection connection = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ResolveAsync(target, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Asks the server what it offers: the names this client may resolve, each with its contract, and each method's
    /// signature with its parameter and result types. The server answers only with
    /// <see cref="RompServerOptions.EnableDescribe"/> on.
    /// </summary>
    /// <param name="name">Only this name; null for every name.</param>
    /// <param name="cancellationToken">Cancels the wait for the connection and for the answer.</param>
    /// <exception cref="RompException">As for <see cref="RompConnection.DescribeAsync"/>.</exception>
    public async Task<Romp.Description.RompServiceDescription> DescribeAsync(string? name = null, CancellationToken cancellationToken = default)
    {
        RompConnection connection = await ConnectedAsync(cancellationToken).ConfigureAwait(false);
        return await connection.DescribeAsync(name, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends SYNC: completes when the server has processed every message this client sent before it, one-way calls
    /// included. This is how a one-way sender knows nothing was lost. It is never carried over a reconnect: while the
    /// connection is lost, it fails with the loss.
    /// </summary>
    /// <exception cref="RompException">
    /// The connection's close reason while it is lost; <see cref="RompError.ConnectionBroken"/>, once, on the first SYNC
    /// after a reconnect when one-way calls had gone out on the lost connection that no SYNC had confirmed: they may
    /// not have run, and a SYNC on the new connection cannot tell.
    /// </exception>
    public Task SyncAsync(CancellationToken cancellationToken = default)
    {
        RompConnection connection = Connection;
        RompException? inDoubt;
        lock (_gate)
        {
            inDoubt = _onewaysInDoubt;
            _onewaysInDoubt = null;
        }

        if (inDoubt is not null)
        {
            return Task.FromException(new RompException(RompError.ConnectionBroken,
                $"The connection to {Endpoint} was lost after one-way calls no SYNC had confirmed; they may not have run ({inDoubt.Error}: {inDoubt.Message}).", inDoubt));
        }

        return connection.SyncAsync(cancellationToken);
    }

    /// <summary>
    /// Withdraws an object this client passed by reference (a callback, a listener): the server's later calls on it fail
    /// with <see cref="RompError.ObjectWithdrawn"/>. Other clients and servers in this process are not affected. Returns
    /// false when this client never exported it.
    /// </summary>
    public bool Unregister(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return _directory.Unregister(obj);
    }

    /// <summary>
    /// Says goodbye and closes the connection, and stops reconnecting; calls still pending, or waiting for a reconnect,
    /// fail with <see cref="RompError.ClosedConnection"/>.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        RompConnection? connection;
        lock (_gate)
        {
            connection = _disposed ? null : _connection;
            _disposed = true;
        }

        // Outside the lock: cancelling runs the continuations of the reconnect's waits right here.
        _disposing.Cancel();
        Task supervision;
        lock (_gate)
            supervision = _supervision;
        if (connection is not null)
            await connection.CloseAsync("The client closed the connection.").ConfigureAwait(false);
        await supervision.ConfigureAwait(false);
        Close(new RompException(RompError.ClosedConnection, "The client closed the connection."));
    }

    /// <inheritdoc />
    public override string ToString() => $"client of {Endpoint} ({State})";

    // The current connection, open; while reconnecting, the next one, unless the policy fails calls meanwhile.
    internal async ValueTask<RompConnection> ConnectedAsync(CancellationToken cancellationToken)
    {
        Task<RompConnection?> next;
        lock (_gate)
        {
            if (_connection is null)
                throw new InvalidOperationException($"The client of {Endpoint} has not connected yet: call StartAsync first.");
            if (_connection.TakesNewCalls || _policy is null || _closeReason is not null)
                return _connection;
            if (!_policy.WaitForReconnect)
                throw new RompException(RompError.ConnectionBroken, $"The connection to {Endpoint} was lost and the client is reconnecting; its policy fails calls meanwhile.", _connection.CloseReason);
            next = (_reconnected ??= NewReconnected()).Task;
        }

        // The wait spends the deadline of the call that waits (a resolve's: DefaultCallTimeout, or the ambient one).
        Deadline deadline = Deadline.ForOutgoingCall(_settings.DefaultCallTimeout);
        try
        {
            RompConnection? connection = deadline.IsNone
                ? await next.WaitAsync(cancellationToken).ConfigureAwait(false)
                : await next.WaitAsync(deadline.Remaining, cancellationToken).ConfigureAwait(false);
            return connection ?? throw ClosedError();
        }
        catch (TimeoutException)
        {
            throw deadline.TimeoutError(RompConnection.ResolverId, RompConnection.ResolveMethod, isStream: false);
        }
    }

    // Watches each connection in turn: a loss closes the client, or with a policy starts the next connection.
    private async Task SuperviseAsync(RompConnection connection)
    {
        while (true)
        {
            // Never inline: the caller holds the client's lock. Without a policy a server going away (DRAIN) changes
            // nothing: its connection stays until it closes. With one, it is a loss: new calls wait for the next.
            if (_policy is null)
                await connection.Completion.ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            else
                await Task.WhenAny(connection.Completion, connection.PeerDrainingNotice).ConfigureAwait(ConfigureAwaitOptions.ForceYielding);
            if (_disposing.IsCancellationRequested)
                return;
            RompException lost = connection.CloseReason ?? connection.PeerDraining ?? new RompException(RompError.ConnectionBroken, "The connection was lost.");
            if (_policy is null)
            {
                Close(lost);
                return;
            }

            Log.ConnectionLost(_logger, Endpoint, lost.Error, lost.Message);
            if (connection.HasUnconfirmedOneways)
            {
                lock (_gate)
                    _onewaysInDoubt = lost;
            }

            _recoverable!.StopAll();
            SetState(RompConnectionState.Reconnecting, lost);

            RompConnection? next = await ReconnectAsync(_policy, lost).ConfigureAwait(false);
            if (next is null)
                return;

            TaskCompletionSource<RompConnection?>? reconnected;
            bool disposed;
            lock (_gate)
            {
                disposed = _disposed;
                if (!disposed)
                    _connection = next;
                reconnected = _reconnected;
                _reconnected = null;
            }

            if (disposed)
            {
                // Disposed while the attempt succeeded: DisposeAsync closed the old one and closes the client.
                await next.CloseAsync("The client closed the connection.").ConfigureAwait(false);
                reconnected?.TrySetResult(null);
                return;
            }

            reconnected?.TrySetResult(next);
            // A recovery handler may wait on a proxy that only the next reconnect brings back: if this connection is
            // lost meanwhile, the loss is handled now, and the proxies left stopped recover on the next one.
            Task recovering = _recoverable.RecoverAllAsync(next, _disposing.Token);
            Task lostAgain = Task.WhenAny(next.Completion, next.PeerDrainingNotice);
            if (await Task.WhenAny(recovering, lostAgain).ConfigureAwait(false) == recovering)
            {
                await RaiseReconnectedAsync().ConfigureAwait(false);
                SetState(RompConnectionState.Connected, null);
            }

            connection = next;
        }
    }

    // Attempts until one connects (returned), the policy gives up, or the client is disposed (null: the client is closed).
    private async Task<RompConnection?> ReconnectAsync(RompReconnectPolicy policy, RompException lost)
    {
        RompException last = lost;
        for (int attempt = 1; ; attempt++)
        {
            TimeSpan? delay = policy.NextDelay(attempt, last);
            if (delay is null)
            {
                Log.GaveUpReconnecting(_logger, Endpoint, last.Error, last.Message);
                Close(new RompException(last.Error, $"Gave up reconnecting to {Endpoint} after {attempt - 1} attempts: {last.Message}", last));
                return null;
            }

            try
            {
                await Task.Delay(delay.Value, _disposing.Token).ConfigureAwait(false);
                RompConnection connection = await ConnectOnceAsync(_disposing.Token).ConfigureAwait(false);
                Log.Reconnected(_logger, Endpoint, attempt);
                return connection;
            }
            catch (OperationCanceledException) when (_disposing.IsCancellationRequested)
            {
                return null;
            }
            catch (RompException error) when (error.Error is RompError.AccessDenied or RompError.InvalidPartner)
            {
                // Refused for good: the same credentials or the same peer will be refused again.
                Log.GaveUpReconnecting(_logger, Endpoint, error.Error, error.Message);
                Close(error);
                return null;
            }
            catch (RompException error)
            {
                Log.ReconnectAttemptFailed(_logger, attempt, Endpoint, error.Error, error.Message);
                last = error;
            }
        }
    }

    // One connect and handshake under ConnectTimeout.
    private async Task<RompConnection> ConnectOnceAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.ConnectTimeout);
        try
        {
            RompTransportConnection connected = await _transport.ConnectAsync(_endpoint, _options, timeout.Token).ConfigureAwait(false);
            var connection = new RompConnection(connected, _settings, _directory, ConnectionRole.Client) { Recoverable = _recoverable };
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            return connection;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RompException(RompError.Timeout, $"Connecting to {Endpoint} took longer than {_options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    // Closed for good, once: waiting calls and proxies fail with the reason.
    private void Close(RompException reason)
    {
        TaskCompletionSource<RompConnection?>? reconnected;
        lock (_gate)
        {
            if (_closeReason is not null)
                return;
            _closeReason = reason;
            reconnected = _reconnected;
            _reconnected = null;
        }

        reconnected?.TrySetResult(null);
        _recoverable?.CloseAll(reason);
        SetState(RompConnectionState.Closed, reason.Error == RompError.ClosedConnection ? null : reason);
        _closed.TrySetResult();
    }

    private void SetState(RompConnectionState state, RompException? reason)
    {
        RompConnectionState previous;
        lock (_gate)
        {
            previous = _state;
            if (previous == state || previous == RompConnectionState.Closed)
                return;
            _state = state;
        }

        try
        {
            StateChanged?.Invoke(this, new RompStateChangedEventArgs(previous, state, reason));
        }
        catch (Exception error)
        {
            Log.ClientHandlerFailed(_logger, nameof(StateChanged), Endpoint, error);
        }
    }

    private async Task RaiseReconnectedAsync()
    {
        if (Reconnected is not { } handlers)
            return;
        foreach (Func<RompClient, Task> handler in handlers.GetInvocationList().Cast<Func<RompClient, Task>>())
        {
            try
            {
                await handler(this).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                Log.ClientHandlerFailed(_logger, nameof(Reconnected), Endpoint, error);
            }
        }
    }

    private RompException ClosedError()
    {
        RompException reason = CloseReason ?? new RompException(RompError.ClosedConnection, "The client closed the connection.");
        return new RompException(reason.Error, reason.Message, reason.InnerException);
    }

    private RompException DisposedWhileConnecting()
    {
        Close(new RompException(RompError.ClosedConnection, "The client closed the connection."));
        return new RompException(RompError.ClosedConnection, $"The client of {Endpoint} was disposed while it connected.");
    }

    private static TaskCompletionSource<RompConnection?> NewReconnected() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
