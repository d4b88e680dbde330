namespace Romp.Transport;

/// <summary>
/// Turns endpoints of one scheme into byte streams between two peers. A transport knows nothing of the Romp protocol:
/// it connects, listens and accepts, and hands each connection over as a <see cref="RompTransportConnection"/>.
/// </summary>
/// <remarks>
/// Add one to <see cref="RompServerOptions.Transports"/> and <see cref="RompClientOptions.Transports"/> to bring a scheme
/// of your own (a named pipe, a WebSocket): nothing else in Romp changes. Built in are <c>tcp://</c>, <c>tls://</c>,
/// <c>unix://</c> and <c>inproc://</c>. A transport whose connections are a <see cref="Stream"/> can use
/// <see cref="RompTransportConnection.FromStream"/>.
/// </remarks>
public abstract class RompTransport
{
    /// <summary>The scheme this transport serves, in lower case, without <c>://</c>.</summary>
    public abstract string Scheme { get; }

    /// <summary>
    /// Checks the address of an endpoint of this scheme when a server or client is created, so that a malformed one is
    /// an <see cref="ArgumentException"/> at once. The default accepts every address.
    /// </summary>
    /// <exception cref="ArgumentException">The address is not valid for this transport.</exception>
    public virtual void Validate(RompEndpoint endpoint)
    {
    }

    /// <summary>Connects to <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">An endpoint of this transport's scheme.</param>
    /// <param name="options">The connecting side's options; <see cref="RompConnectionOptions.MaxFrameSize"/> says how large a frame it must be able to buffer.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="RompException"><see cref="RompError.AccessFailed"/> when nothing accepts the connection.</exception>
    public abstract ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken);

    /// <summary>Starts listening on <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint">An endpoint of this transport's scheme.</param>
    /// <param name="options">The listening side's options.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <exception cref="RompException"><see cref="RompError.AccessFailed"/> when the endpoint cannot be listened on.</exception>
    public abstract ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken);
}
