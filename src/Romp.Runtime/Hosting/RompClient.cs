using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Romp.Rpc;
using Romp.Transport;

namespace Romp;

/// <summary>
/// A connection to a <see cref="RompServer"/>. Safe to use from many threads: any number of calls may be in flight.
/// </summary>
/// <example>
/// <code>
/// await using RompClient client = await RompClient.ConnectAsync("tcp://127.0.0.1:4242");
/// ICalculator calc = await client.ResolveAsync&lt;ICalculator&gt;("calc");
/// int sum = await calc.AddAsync(2, 3);
/// </code>
/// </example>
public sealed class RompClient : IAsyncDisposable
{
    // The cap on server-to-client calls (callbacks) running at once on this connection.
    private const int MaxConcurrentCallbacks = 1024;

    private readonly RompConnection _connection;

    private RompClient(RompConnection connection, string endpoint)
    {
        _connection = connection;
        Endpoint = endpoint;
    }

    /// <summary>The endpoint this client connected to.</summary>
    public string Endpoint { get; }

    /// <summary>True until the connection closes, from either side.</summary>
    public bool IsConnected => !_connection.Completion.IsCompleted;

    /// <summary>Completes when the connection has closed; <see cref="CloseReason"/> then says why.</summary>
    public Task Completion => _connection.Completion;

    /// <summary>Why the connection closed, once it has.</summary>
    public RompException? CloseReason => _connection.CloseReason;

    internal RompConnection Connection => _connection;

    /// <summary>Connects and completes the Romp handshake.</summary>
    /// <exception cref="RompException">
    /// <see cref="RompError.AccessFailed"/> when nothing accepts the connection, <see cref="RompError.AccessDenied"/> when
    /// the server's acceptor refuses it, <see cref="RompError.InvalidPartner"/> when the peer does not speak this Romp
    /// protocol, <see cref="RompError.Timeout"/> after <see cref="RompClientOptions.ConnectTimeout"/>.
    /// </exception>
    public static async Task<RompClient> ConnectAsync(string endpoint, RompClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        RompEndpoint parsed = RompEndpoint.Parse(endpoint);
        options ??= new RompClientOptions();
        if (options.MaxFrameSize < 1024)
            throw new ArgumentOutOfRangeException(nameof(options), "MaxFrameSize must be at least 1024 bytes.");
        ILogger logger = options.LoggerFactory?.CreateLogger("Romp.Client") ?? NullLogger.Instance;
        var settings = new ConnectionSettings(options.MaxFrameSize, options.ConnectTimeout, IncludeRemoteStackTrace: true,
            (uint)Math.Max(1, options.StreamWindow), options.StalledWriteTimeout, MaxConcurrentCallbacks, logger);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        TransportConnection transport;
        try
        {
            transport = await TransportFactory.ConnectAsync(parsed, new PipeSettings(options.MaxFrameSize), timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RompException(RompError.Timeout, $"Connecting to {endpoint} took longer than {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }

        var connection = new RompConnection(transport, settings, directory: null, "client");
        try
        {
            // The same deadline as the connect: ConnectTimeout covers both.
            await connection.HandshakeAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            transport.Abort();
            throw new RompException(RompError.Timeout, $"Connecting to {endpoint} took longer than {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            transport.Abort();
            throw;
        }

        connection.Start();
        return new RompClient(connection, parsed.ToString());
    }

    /// <summary>
    /// Returns a proxy for the object the server bound as <paramref name="name"/>.
    /// </summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface to use it through.</typeparam>
    /// <exception cref="RompException">
    /// <see cref="RompError.UnknownObject"/> when nothing is bound under the name; <see cref="RompError.TypeGuardFailure"/>
    /// when the object implements another interface (or another version of this one).
    /// </exception>
    public async Task<T> ResolveAsync<T>(string name, CancellationToken cancellationToken = default) where T : class
    {
        ArgumentNullException.ThrowIfNull(name);
        RompObjectContract contract = RompContracts.Get<T>();
        return (T)await _connection.ResolveAsync(name, contract, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends SYNC: completes when the server has processed every message this client sent before it, one-way calls
    /// included. This is how a one-way sender knows nothing was lost.
    /// </summary>
    public Task SyncAsync(CancellationToken cancellationToken = default) => _connection.SyncAsync(cancellationToken).AsTask();

    /// <summary>
    /// Withdraws an object this process passed by reference (a callback, a listener): later calls on it, from any
    /// connection, fail with <see cref="RompError.ObjectWithdrawn"/>. Returns false when it was never exported.
    /// </summary>
    public static bool Unregister(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        return ExportRegistry.Withdraw(obj);
    }

    /// <summary>Says goodbye and closes the connection; calls still pending fail with <see cref="RompError.ClosedConnection"/>.</summary>
    public ValueTask DisposeAsync() => _connection.CloseAsync("The client closed the connection.");
}
