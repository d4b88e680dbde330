namespace Romp;

/// <summary>
/// Where a proxy is after its connection was lost, as Oberon's recoverable proxies report it
/// (<see cref="RompProxy.GetState"/>).
/// </summary>
public enum RompProxyState
{
    /// <summary>Its connection is up and it has never had to recover.</summary>
    Alive,

    /// <summary>
    /// Its connection was lost and it is waiting to be bound again: by name after the client reconnects, or by its
    /// recovery handler (<see cref="RompProxy.OnRecover{T}"/>). Calls through it wait, or fail at once when the reconnect
    /// policy says so.
    /// </summary>
    CommunicationStopped,

    /// <summary>It recovered: bound again, on a new connection, to an object that has its contract. Calls work.</summary>
    CommunicationResumed,

    /// <summary>
    /// It can never be used again: released, its connection lost with nothing to recover it, or its recovery failed.
    /// Calls fail with the reason (<see cref="RompProxy.GetCloseReason"/>).
    /// </summary>
    Terminated,
}
