namespace Romp.Hosting.Tests.Contracts;

/// <summary>Holds <see cref="ICalculator.SlowAsync"/> calls until the test releases them, and says when one has started or was cancelled.</summary>
public sealed class SlowCalls
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _release.TrySetResult();

    public async ValueTask<int> RunAsync(CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await _release.Task.WaitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Cancelled.TrySetResult();
            throw;
        }

        return 42;
    }
}
