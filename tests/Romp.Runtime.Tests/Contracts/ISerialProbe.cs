namespace Romp.Tests.Contracts;

/// <summary>
/// A serial object that shows an overlap as it happens: <see cref="HoldAsync"/> runs until the test releases it, and an
/// <see cref="EnterAsync"/> that starts meanwhile (which serial access forbids) wakes it at once and says so.
/// </summary>
[RompObject(Access = RompAccess.Serial)]
public interface ISerialProbe
{
    /// <summary>Holds until released or overlapped; true when an <see cref="EnterAsync"/> ran while it held.</summary>
    ValueTask<bool> HoldAsync();

    /// <summary>True when it ran while a <see cref="HoldAsync"/> was in progress.</summary>
    ValueTask<bool> EnterAsync();
}

/// <summary>What probes report to; probes may share one, so that an overlap between two objects shows too.</summary>
public sealed class SerialProbeSignals
{
    public int Holding;

    public TaskCompletionSource HoldStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource EnterStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}

public sealed class SerialProbe(SerialProbeSignals signals) : ISerialProbe
{
    public SerialProbeSignals Signals { get; } = signals;

    public async ValueTask<bool> HoldAsync()
    {
        Volatile.Write(ref Signals.Holding, 1);
        Signals.HoldStarted.TrySetResult();
        await Task.WhenAny(Signals.Release.Task, Signals.EnterStarted.Task);
        bool overlapped = Signals.EnterStarted.Task.IsCompleted;
        Volatile.Write(ref Signals.Holding, 0);
        return overlapped;
    }

    public ValueTask<bool> EnterAsync()
    {
        bool duringHold = Volatile.Read(ref Signals.Holding) == 1;
        Signals.EnterStarted.TrySetResult();
        return new(duringHold);
    }
}
