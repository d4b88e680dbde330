namespace Romp.Tests.Contracts;

/// <summary>Reports the deadline a call sees where it is served, and passes it on to a peer.</summary>
[RompObject]
public interface IDeadlineProbe
{
    /// <summary>The time left as the serving side sees it (<see cref="RompDeadline.Remaining"/>); null without a deadline.</summary>
    ValueTask<TimeSpan?> RemainingAsync();

    /// <summary>Whether <see cref="RompCallContext.Deadline"/> is set for this call.</summary>
    ValueTask<bool> HasContextDeadlineAsync();

    /// <summary>The time left here, read just before calling <paramref name="next"/>, and the time <paramref name="next"/> saw.</summary>
    ValueTask<(TimeSpan? Outer, TimeSpan? Inner)> RemainingThroughAsync(IDeadlineProbe next);

    /// <summary>Waits until its token fires; <see cref="DeadlineProbe.Cancelled"/> then completes.</summary>
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>Yields 0 and 1, then waits until its token fires, as <see cref="WaitAsync"/> does.</summary>
    IAsyncEnumerable<int> CountAsync(CancellationToken cancellationToken);

    /// <summary>Takes no token and answers only once <see cref="DeadlineProbe.Release"/>: only the caller's own timer ends it.</summary>
    ValueTask HoldAsync();

    /// <summary>Yields 0 and 1, then holds as <see cref="HoldAsync"/> does.</summary>
    IAsyncEnumerable<int> CountThenHoldAsync();
}

public sealed class DeadlineProbe : IDeadlineProbe
{
    private readonly Waiter _waiter = new();
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Started => _waiter.Started;

    public TaskCompletionSource Cancelled => _waiter.Cancelled;

    public ValueTask<TimeSpan?> RemainingAsync() => new(RompDeadline.Remaining);

    public ValueTask<bool> HasContextDeadlineAsync() => new(RompCallContext.Current?.Deadline is not null);

    public async ValueTask<(TimeSpan? Outer, TimeSpan? Inner)> RemainingThroughAsync(IDeadlineProbe next)
    {
        TimeSpan? outer = RompDeadline.Remaining;
        TimeSpan? inner = await next.RemainingAsync();
        return (outer, inner);
    }

    public ValueTask WaitAsync(CancellationToken cancellationToken) => _waiter.WaitAsync(cancellationToken);

    public async IAsyncEnumerable<int> CountAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        yield return 0;
        yield return 1;
        await WaitAsync(cancellationToken);
    }

    /// <summary>Lets held calls answer, so that a server stopping need not wait for them.</summary>
    public void Release() => _released.TrySetResult();

    public ValueTask HoldAsync() => new(_released.Task);

    public async IAsyncEnumerable<int> CountThenHoldAsync()
    {
        yield return 0;
        yield return 1;
        await _released.Task;
    }
}
