namespace Romp.Tests.Support;

// Linked into tests/Romp.StdioPeer too, whose serve mode waits on its counts the same way.

/// <summary>
/// "Something changed", for any number of waiters: a waiter takes <see cref="Changed"/>, looks at what it waits for, and
/// awaits the task if that is not there yet. <see cref="Notify"/> completes the task and starts the next, so a change
/// between the look and the wait is never missed. Waiters wait on progress, not on the clock.
/// </summary>
public sealed class ChangeSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _changed = New(); // guarded by _gate

    /// <summary>Completes at the next <see cref="Notify"/>.</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
                return _changed.Task;
        }
    }

    public void Notify()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = New();
        }

        changed.TrySetResult();
    }

    /// <summary>
    /// Completes with true once <paramref name="condition"/> holds, looked at after each <see cref="Notify"/>; with false
    /// if <paramref name="over"/> completes first and the condition still does not hold.
    /// </summary>
    public async Task<bool> WaitUntilAsync(Func<bool> condition, Task? over, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed = Changed;
            if (condition())
                return true;
            if (over is { IsCompleted: true })
                return false;
            await (over is null ? changed : Task.WhenAny(changed, over)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource New() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
