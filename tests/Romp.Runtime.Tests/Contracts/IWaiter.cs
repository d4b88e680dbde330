namespace Romp.Tests.Contracts;

/// <summary>One method (id 1), so hand-made frames can call it without knowing the generator's numbering of others.</summary>
[RompObject]
public interface IWaiter
{
    ValueTask WaitAsync(CancellationToken cancellationToken);

    /// <summary>The same wait as a one-way call: it must be cancelled when its connection closes too.</summary>
    [Oneway]
    Task WaitInBackground(CancellationToken cancellationToken);
}

public sealed class Waiter : IWaiter
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitInBackground(CancellationToken cancellationToken) => WaitAsync(cancellationToken).AsTask();

    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }
    }
}
