namespace Romp;

/// <summary>How a server schedules calls on one exported object (Oberon RemoteObjects' access modes).</summary>
public enum RompAccess
{
    /// <summary>Calls run concurrently; the object must be thread-safe. One slow call never blocks the others.</summary>
    Parallel,

    /// <summary>Calls run one at a time, in the order they arrived at the server, across all connections.</summary>
    Serial,
}
