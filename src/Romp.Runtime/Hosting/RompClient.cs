using Romp.Connections;
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
    private RompClient(RompConnection connection, string endpoint)
    {
        Connection = connection;
        Endpoint = endpoint;
    }

    /// <summary>The endpoint this client connected to.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// The connection itself: the server may resolve objects this client binds on it, and call back objects this client
    /// passes to it.
    /// </summary>
    public RompConnection Connection { get; }

    /// <summary>True until the connection closes, from either side.</summary>
    public bool IsConnected => !Connection.Completion.IsCompleted;

    /// <summary>Completes when the connection has closed; <see cref="CloseReason"/> then says why.</summary>
    public Task Completion => Connection.Completion;

    /// <summary>Why the connection closed, once it has.</summary>
    public RompException? CloseReason => Connection.CloseReason;

    /// <summary>Connects and completes the Romp handshake.</summary>
    /// <exception cref="ArgumentException">The endpoint is not a valid Romp endpoint, or no transport serves its scheme.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    /// <exception cref="RompException">
    /// <see cref="RompError.AccessFailed"/> when nothing accepts the connection or its TLS handshake fails (the message
    /// says why: a certificate refused, a server that does not speak TLS), <see cref="RompError.AccessDenied"/> when
    /// the server's acceptor refuses it or a mutual-TLS server refuses its client certificate,
    /// <see cref="RompError.InvalidPartner"/> when the peer does not speak this Romp protocol, <see cref="RompError.Timeout"/>
    /// after <see cref="RompClientOptions.ConnectTimeout"/>.
    /// </exception>
    public static async Task<RompClient> ConnectAsync(string endpoint, RompClientOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new RompClientOptions();
        (RompEndpoint parsed, RompTransport transport) = options.Transports.Resolve(endpoint);
        var settings = new ConnectionSettings(options, "Romp.Client");

        // One deadline for both the connect and the handshake.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.ConnectTimeout);
        try
        {
            RompTransportConnection connected = await transport.ConnectAsync(parsed, options, timeout.Token).ConfigureAwait(false);
            var connection = new RompConnection(connected, settings, new ObjectDirectory(new ExportRegistry()), ConnectionRole.Client);
            await connection.OpenAsync(timeout.Token).ConfigureAwait(false);
            return new RompClient(connection, parsed.ToString());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RompException(RompError.Timeout, $"Connecting to {endpoint} took longer than {options.ConnectTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// Returns a proxy for the object the server bound as <paramref name="name"/>.
    /// </summary>
    /// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface to use it through.</typeparam>
    /// <exception cref="RompException">
    /// <see cref="RompError.UnknownObject"/> when nothing is bound under the name; <see cref="RompError.TypeGuardFailure"/>
    /// when the object implements another interface (or another version of this one).
    /// </exception>
    public Task<T> ResolveAsync<T>(string name, CancellationToken cancellationToken = default) where T : class =>
        Connection.ResolveAsync<T>(name, cancellationToken);

    /// <summary>
    /// Sends SYNC: completes when the server has processed every message this client sent before it, one-way calls
    /// included. This is how a one-way sender knows nothing was lost.
    /// </summary>
    public Task SyncAsync(CancellationToken cancellationToken = default) => Connection.SyncAsync(cancellationToken);

    /// <summary>
    /// Withdraws an object this client passed by reference (a callback, a listener): the server's later calls on it fail
    /// with <see cref="RompError.ObjectWithdrawn"/>. Other clients and servers in this process are not affected. Returns
    /// false when this client never exported it.
    /// </summary>
    public bool Unregister(object obj) => Connection.Unregister(obj);

    /// <summary>Says goodbye and closes the connection; calls still pending fail with <see cref="RompError.ClosedConnection"/>.</summary>
    public ValueTask DisposeAsync() => Connection.CloseAsync("The client closed the connection.");
}
