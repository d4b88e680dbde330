namespace Romp.Transport;

/// <summary>Accepts connections on one endpoint for a <see cref="RompTransport"/>.</summary>
public abstract class RompTransportListener : IAsyncDisposable
{
    /// <summary>The endpoint actually listened on, for example with the port the system picked for port 0.</summary>
    public abstract string Endpoint { get; }

    /// <summary>Waits for the next connection; returns <see langword="null"/> once the listener is stopped.</summary>
    public abstract ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken);

    /// <summary>Stops listening; a pending <see cref="AcceptAsync"/> returns <see langword="null"/>.</summary>
    public abstract ValueTask DisposeAsync();
}
