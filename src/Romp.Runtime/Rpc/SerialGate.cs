using System.Runtime.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// Admits one call at a time to a <see cref="RompAccess.Serial"/> object, strictly in the order the calls arrived.
/// The read loop takes a ticket when a frame arrives (so arrival order is fixed there), and the call waits on it later.
/// </summary>
internal sealed class SerialGate
{
    // Keyed weakly by the object: like its monitor, an object's gate lives as long as the object and is the same for everyone.
    private static readonly ConditionalWeakTable<object, SerialGate> s_byTarget = new();

    private readonly Queue<TaskCompletionSource> _waiting = new();
    private bool _busy;

    /// <summary>The gate of <paramref name="target"/>, the same for every export of it.</summary>
    public static SerialGate For(object target) => s_byTarget.GetValue(target, static _ => new SerialGate());

    /// <summary>Takes the next place in line: <see langword="null"/> when the gate is free now, else a task that completes on our turn.</summary>
    public Task? Enter()
    {
        lock (_waiting)
        {
            if (!_busy)
            {
                _busy = true;
                return null;
            }

            var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Enqueue(turn);
            return turn.Task;
        }
    }

    public ValueTask WaitAsync(Task? ticket) => ticket is null ? default : new ValueTask(ticket);

    /// <summary>Ends the current call and admits the next one in line.</summary>
    public void Exit()
    {
        TaskCompletionSource? next;
        lock (_waiting)
        {
            if (!_waiting.TryDequeue(out next))
            {
                _busy = false;
                return;
            }
        }

        next.SetResult();
    }
}
