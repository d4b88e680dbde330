using Romp.Hosting;

namespace Romp;

/// <summary>
/// How a <see cref="RompClient"/> whose connection was lost connects again (<see cref="RompClientOptions.Reconnect"/>):
/// how long it waits before each attempt, when it gives up, and what calls made meanwhile do.
/// </summary>
/// <remarks>
/// Only the loss of an open connection starts reconnecting: a first connect that fails throws from
/// <see cref="RompClient.ConnectAsync(string, RompClientOptions?, CancellationToken)"/> as it always has. An attempt the
/// server refuses for good (<see cref="RompError.AccessDenied"/>: wrong credentials, a client certificate it does not
/// trust; <see cref="RompError.InvalidPartner"/>: not a Romp server of this version) ends the reconnecting at once,
/// whatever the policy says, since trying again cannot help.
/// </remarks>
public abstract class RompReconnectPolicy
{
    /// <summary>For a policy of your own: override <see cref="NextDelay"/>, and <see cref="WaitForReconnect"/> to fail calls fast.</summary>
    protected RompReconnectPolicy()
    {
    }

    /// <summary>
    /// Waits <paramref name="initialDelay"/> before the first attempt, then twice as long before each next one, up to
    /// <paramref name="maxDelay"/>, each delay varied by up to 20% either way so that clients that lost the same server do
    /// not all come back at the same instant.
    /// </summary>
    /// <param name="initialDelay">The delay before the first attempt; zero tries at once.</param>
    /// <param name="maxDelay">The longest delay between attempts.</param>
    /// <param name="maxAttempts">How many attempts before giving up (the client is then closed), or null to try forever.</param>
    /// <param name="waitForReconnect">
    /// What calls made while reconnecting do: true (the default) waits for the new connection, up to the call's
    /// deadline or cancellation; false fails them at once with <see cref="RompError.ConnectionBroken"/>.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">A delay is negative, <paramref name="maxDelay"/> is below <paramref name="initialDelay"/>, or <paramref name="maxAttempts"/> is below 1.</exception>
    public static RompReconnectPolicy Exponential(TimeSpan initialDelay, TimeSpan maxDelay, int? maxAttempts = null, bool waitForReconnect = true) =>
        new ExponentialReconnectPolicy(initialDelay, maxDelay, maxAttempts, waitForReconnect);

    /// <summary>Whether calls made while reconnecting wait for the new connection (true) or fail at once with <see cref="RompError.ConnectionBroken"/>.</summary>
    public virtual bool WaitForReconnect => true;

    /// <summary>
    /// How long to wait before attempt number <paramref name="attempt"/> (1 for the first after the loss), or null to
    /// give up and close the client. Called on a pool thread, once per attempt.
    /// </summary>
    /// <param name="attempt">The attempt about to be made.</param>
    /// <param name="lastError">Why the connection was lost (for the first attempt) or why the previous attempt failed.</param>
    public abstract TimeSpan? NextDelay(int attempt, RompException lastError);
}
