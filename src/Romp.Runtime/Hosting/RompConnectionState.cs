namespace Romp;

/// <summary>Where a <see cref="RompClient"/> is in its life: <see cref="RompClient.StateChanged"/> reports each change.</summary>
public enum RompConnectionState
{
    /// <summary>The first connect is in progress (<see cref="RompClient.StartAsync"/>).</summary>
    Connecting,

    /// <summary>Connected: calls go out at once.</summary>
    Connected,

    /// <summary>
    /// The connection was lost and <see cref="RompClientOptions.Reconnect"/> is trying again. New calls wait for the new
    /// connection, or fail at once when the policy says so; the named proxies come back on their own.
    /// </summary>
    Reconnecting,

    /// <summary>For good: the client was disposed, the connection was lost without a reconnect policy, or the policy gave up.</summary>
    Closed,
}
