namespace Romp.Tests.Contracts;

/// <summary>One method (id 1), so hand-made frames can call it without knowing the generator's numbering of others.</summary>
[RompObject]
public interface IWaiter
{
    ValueTask WaitAsync(CancellationToken cancellationToken);
}

public sealed class Waiter : IWaiter
{
    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

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
