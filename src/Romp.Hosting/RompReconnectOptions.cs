namespace Romp.Hosting;

/// <summary>
/// How a hosted client connects again after its connection is lost (<see cref="RompHostedClientOptions.Reconnect"/>):
/// <see cref="RompReconnectPolicy.Exponential"/> with these settings. On by default for hosted clients, whose injected
/// proxies live as long as the host: they come back after a reconnect instead of failing for good.
/// </summary>
public sealed class RompReconnectOptions
{
    /// <summary>Whether the client reconnects at all (default true); false closes it for good at the first loss.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The delay before the first attempt after a loss (default 100 ms); each next one doubles, up to <see cref="MaxDelay"/>.</summary>
    public TimeSpan InitialDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The longest delay between attempts (default 10 s).</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How many attempts before giving up and closing the client (default null: forever).</summary>
    public int? MaxAttempts { get; set; }

    /// <summary>Whether calls made while reconnecting wait for the new connection (default true) or fail at once with <see cref="RompError.ConnectionBroken"/>.</summary>
    public bool WaitForReconnect { get; set; } = true;

    /// <summary>The policy these settings describe, or null when reconnecting is off.</summary>
    internal RompReconnectPolicy? CreatePolicy() =>
        Enabled ? RompReconnectPolicy.Exponential(InitialDelay, MaxDelay, MaxAttempts, WaitForReconnect) : null;
}
