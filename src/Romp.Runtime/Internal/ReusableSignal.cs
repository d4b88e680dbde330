using System.Threading.Tasks.Sources;

namespace Romp.Internal;

/// <summary>
/// A signal for one waiter at a time that is armed again and again without allocating: the read loop waiting for room.
/// The owner guards <see cref="Arm"/> and <see cref="TrySet"/> with its own lock.
/// </summary>
internal sealed class ReusableSignal : IValueTaskSource
{
    private ManualResetValueTaskSourceCore<bool> _core; // stateful struct: never readonly
    private bool _armed;

    public ReusableSignal() => _core.RunContinuationsAsynchronously = true;

    /// <summary>Returns a wait that <see cref="TrySet"/> completes. The previous wait must have been awaited.</summary>
    public ValueTask Arm()
    {
        _core.Reset();
        _armed = true;
        return new ValueTask(this, _core.Version);
    }

    /// <summary>Completes the armed wait, if any.</summary>
    public bool TrySet()
    {
        if (!_armed)
            return false;
        _armed = false;
        _core.SetResult(true);
        return true;
    }

    void IValueTaskSource.GetResult(short token) => _core.GetResult(token);

    ValueTaskSourceStatus IValueTaskSource.GetStatus(short token) => _core.GetStatus(token);

    void IValueTaskSource.OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
