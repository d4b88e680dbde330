namespace Romp.Tests.Contracts;

/// <summary>A read that is safe to send twice and a write that is not, each counting how often it ran, for the retry tests.</summary>
[RompObject]
public interface IJournal
{
    /// <summary>Waits for <see cref="Journal.Gate"/>, then returns how many times it has run on this object.</summary>
    [Idempotent]
    ValueTask<int> ReadAsync();

    /// <summary>Waits for <see cref="Journal.Gate"/>, then returns how many times it has run on this object.</summary>
    ValueTask<int> AppendAsync();
}

public sealed class Journal : IJournal
{
    private int _reads;
    private int _appends;

    /// <summary>Open by default; a test closes it to hold calls in flight.</summary>
    public TaskCompletionSource Gate { get; init; } = Opened();

    /// <summary>Completes when a read has started (and waits at the gate, if it is closed).</summary>
    public TaskCompletionSource ReadStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when an append has started.</summary>
    public TaskCompletionSource AppendStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int Reads => Volatile.Read(ref _reads);

    public int Appends => Volatile.Read(ref _appends);

    public static TaskCompletionSource Closed() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    public async ValueTask<int> ReadAsync()
    {
        int count = Interlocked.Increment(ref _reads);
        ReadStarted.TrySetResult();
        await Gate.Task;
        return count;
    }

    public async ValueTask<int> AppendAsync()
    {
        int count = Interlocked.Increment(ref _appends);
        AppendStarted.TrySetResult();
        await Gate.Task;
        return count;
    }

    private static TaskCompletionSource Opened()
    {
        TaskCompletionSource open = Closed();
        open.SetResult();
        return open;
    }
}
