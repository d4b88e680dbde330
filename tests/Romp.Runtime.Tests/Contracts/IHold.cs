namespace Romp.Tests.Contracts;

/// <summary>
/// One-way calls that hold the connection's one-way lane until the test opens their gate, and a counter to hand out
/// and take back behind them.
/// </summary>
[RompObject]
public interface IHold
{
    /// <summary>Holds the lane until gate <paramref name="gate"/> opens (an argument, so the call has arguments to read).</summary>
    [Oneway]
    void HoldLane(int gate);

    /// <summary>Takes a counter back; queued on the lane like <see cref="HoldLane"/>.</summary>
    [Oneway]
    void Take(ICounter counter);

    ValueTask<ICounter> GetCounterAsync();

    ValueTask<int> Ping();
}

public sealed class Hold : IHold
{
    public const int Gates = 4;

    public TaskCompletionSource[] Gate { get; } = NewSignals();

    public TaskCompletionSource[] Reached { get; } = NewSignals();

    public void HoldLane(int gate)
    {
        Reached[gate].TrySetResult();
        // Bounded, so that a failing test cannot hold a pool thread for ever.
        Gate[gate].Task.Wait(TimeSpan.FromSeconds(60));
    }

    public Counter Counter { get; } = new("held");

    public TaskCompletionSource<ICounter> Taken { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Take(ICounter counter) => Taken.TrySetResult(counter);

    public ValueTask<ICounter> GetCounterAsync() => new(Counter);

    public ValueTask<int> Ping() => new(1);

    public void OpenAll()
    {
        foreach (TaskCompletionSource gate in Gate)
            gate.TrySetResult();
    }

    private static TaskCompletionSource[] NewSignals() =>
        Enumerable.Range(0, Gates).Select(static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).ToArray();
}
