namespace Romp.Hosting;

/// <summary>Where the hosted server is in its life, for its health check.</summary>
internal enum RompServerStatus
{
    /// <summary>The host has not started it yet.</summary>
    NotStarted,

    /// <summary>Listening: it accepts connections.</summary>
    Listening,

    /// <summary>The host is stopping it: it accepts nothing new while the calls in flight finish.</summary>
    Stopping,

    /// <summary>Stopped with the host.</summary>
    Stopped,

    /// <summary>Starting failed: a binding could not be made or the endpoint could not be listened on.</summary>
    Failed,
}
