namespace Romp.Transport;

/// <summary>Picks the transport for an endpoint's scheme.</summary>
internal static class TransportFactory
{
    public static ValueTask<TransportListener> ListenAsync(RompEndpoint endpoint, PipeSettings settings) =>
        endpoint.Scheme == RompEndpoint.Inproc
            ? ValueTask.FromResult<TransportListener>(InprocListener.Start(endpoint, settings))
            : ValueTask.FromResult<TransportListener>(SocketListener.Start(endpoint, settings));

    public static ValueTask<TransportConnection> ConnectAsync(RompEndpoint endpoint, PipeSettings settings, CancellationToken cancellationToken) =>
        endpoint.Scheme == RompEndpoint.Inproc
            ? ValueTask.FromResult(InprocListener.Connect(endpoint, settings))
            : SocketConnection.ConnectAsync(endpoint, settings, cancellationToken);
}
