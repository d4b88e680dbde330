namespace Romp.Transport;

/// <summary>Accepts transport connections on one endpoint.</summary>
internal abstract class TransportListener : IAsyncDisposable
{
    /// <summary>The address actually listened on, e.g. with the port the system picked for port 0.</summary>
    public abstract string Endpoint { get; }

    /// <summary>Waits for the next connection; returns <see langword="null"/> once the listener is stopped.</summary>
    public abstract ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken);

    public abstract ValueTask DisposeAsync();
}
