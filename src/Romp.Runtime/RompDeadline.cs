using Romp.Rpc;

namespace Romp;

/// <summary>
/// Deadlines for the Romp calls made in an async flow, as gRPC has them: the deadline travels in each request, so the
/// server's <see cref="CancellationToken"/> for the call fires when it passes, and the calls the server makes while
/// serving it inherit what is left. A call that runs out of time fails with a <see cref="RompException"/> whose error is
/// <see cref="RompError.Timeout"/>; cancelling a token still gives <see cref="OperationCanceledException"/>.
/// </summary>
/// <remarks>
/// A call's deadline is the earliest of: the innermost <see cref="Within"/> scope around it, the deadline of the
/// received call this code is serving (<see cref="RompCallContext.Deadline"/>), and now plus its connection's
/// <see cref="RompConnectionOptions.DefaultCallTimeout"/>. It bounds a request until its answer, a streamed result
/// (IAsyncEnumerable) until its last item, a one-way call with acknowledgement until it is acknowledged, and a
/// <see cref="RompConnection.ResolveAsync{T}"/>; a plain one-way call and <see cref="RompConnection.SyncAsync"/> have
/// none. A peer whose Romp predates deadlines is sent none, and only this side enforces it.
/// </remarks>
/// <example>
/// <code>
/// using (RompDeadline.Within(TimeSpan.FromSeconds(2)))
/// {
///     int sum = await calc.AddAsync(1, 2);     // RompException (RompError.Timeout) after 2 s
///     await calc.SaveAsync(sum);               // shares the same 2 s
/// }
/// </code>
/// </example>
public static class RompDeadline
{
    // Set by Within scopes, and by a received call that has a deadline for the flow that serves it.
    private static readonly AsyncLocal<Deadline> s_ambient = new();

    /// <summary>
    /// Gives every Romp call made in this async flow, until the scope is disposed, at most <paramref name="timeout"/>
    /// from now. A scope never extends a deadline already in force (an outer scope's, or the call being served's): the
    /// earliest one counts.
    /// </summary>
    /// <param name="timeout">The time allowed; zero fails calls at once, <see cref="Timeout.InfiniteTimeSpan"/> adds no deadline.</param>
    /// <returns>The scope; dispose it (a <c>using</c>) to restore the deadline in force before it.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="timeout"/> is negative (other than infinite) or longer than 49 days.</exception>
    public static RompDeadlineScope Within(TimeSpan timeout)
    {
        ValidateTimeout(timeout, nameof(timeout));
        Deadline previous = s_ambient.Value;
        if (timeout == Timeout.InfiniteTimeSpan)
            return new RompDeadlineScope(previous);
        Deadline scoped = previous.Earliest(Deadline.After(timeout, DeadlineSource.Scope));
        s_ambient.Value = scoped;
        return new RompDeadlineScope(previous);
    }

    /// <summary>
    /// The time left before the deadline in force here: the innermost <see cref="Within"/> scope's or the call being
    /// served's, whichever comes first; zero once it has passed, null when there is none. A connection's
    /// <see cref="RompConnectionOptions.DefaultCallTimeout"/> is not included: it starts with each call.
    /// </summary>
    public static TimeSpan? Remaining => s_ambient.Value is { IsNone: false } ambient ? ambient.Remaining : null;

    /// <summary>The deadline in force in this flow; none outside scopes and served calls that have one.</summary>
    internal static Deadline Ambient => s_ambient.Value;

    /// <summary>Sets the deadline in force for the rest of the caller's async flow (a received call's, in the flow that serves it).</summary>
    internal static void Enter(Deadline deadline) => s_ambient.Value = deadline;

    /// <summary>
    /// Makes <paramref name="deadline"/> (when it is one) the deadline in force until the scope is disposed: a proxy
    /// that waits for a reconnect keeps its call's deadline for the attempt after the wait.
    /// </summary>
    internal static RompDeadlineScope Scope(Deadline deadline)
    {
        if (deadline.IsNone)
            return default;
        Deadline previous = s_ambient.Value;
        s_ambient.Value = previous.Earliest(deadline);
        return new RompDeadlineScope(previous);
    }

    /// <summary>Restores what a scope replaced.</summary>
    internal static void Restore(Deadline previous) => s_ambient.Value = previous;

    /// <summary>Throws unless <paramref name="timeout"/> is a usable timeout: positive or zero and at most 49 days, or infinite.</summary>
    internal static void ValidateTimeout(TimeSpan timeout, string name)
    {
        if (timeout == Timeout.InfiniteTimeSpan)
            return;
        if (timeout < TimeSpan.Zero || timeout > TimeSpan.FromMilliseconds(Deadline.MaxMilliseconds))
            throw new ArgumentOutOfRangeException(name, timeout, "A Romp timeout must be zero or more and at most 49 days (4294967294 ms), or Timeout.InfiniteTimeSpan.");
    }
}
