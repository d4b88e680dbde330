using System.Collections.Concurrent;
using Romp.Rpc;

namespace Romp.Connections;

/// <summary>
/// Runs one connection's one-way calls one after another, in the order they arrived, off the read loop (a one-way
/// that calls back into its caller must not stall the loop that would read the answer). Allocation-free in steady state:
/// calls are pooled and the queue recycles its ring segment.
/// </summary>
internal sealed class OnewayLane : IThreadPoolWorkItem
{
    private readonly ConcurrentQueue<IncomingCall> _queue = new();
    private readonly Action _onRoom; // the scheduler's: a paused read loop may look again
    private int _count;   // calls queued or running
    private int _running; // 1 while a pool thread drains the queue
    private volatile bool _closed;

    public OnewayLane(Action onRoom) => _onRoom = onRoom;

    /// <summary>True when so many calls wait that the read loop should stop reading until the lane catches up.</summary>
    public bool IsFull => !_closed && Volatile.Read(ref _count) >= ConnectionSettings.MaxQueuedOneways;

    /// <summary>The calls queued or running.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The connection is closing. Queued calls still run, cancelled.</summary>
    public void Close() => _closed = true;

    public void Enqueue(IncomingCall call)
    {
        Interlocked.Increment(ref _count);
        _queue.Enqueue(call);
        if (Interlocked.CompareExchange(ref _running, 1, 0) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false);
    }

    void IThreadPoolWorkItem.Execute() => _ = DrainAsync();

    private async Task DrainAsync()
    {
        while (true)
        {
            while (_queue.TryDequeue(out IncomingCall? call))
            {
                ValueTask run = call.RunAsync();
                if (!run.IsCompletedSuccessfully)
                    await run.ConfigureAwait(false);
                if (Interlocked.Decrement(ref _count) == ConnectionSettings.MaxQueuedOneways - 1)
                    _onRoom();
            }

            // A full fence: the look at the queue below must not move before the store (an enqueue that saw _running == 1
            // just before we cleared it did not schedule us again).
            Interlocked.Exchange(ref _running, 0);
            if (_queue.IsEmpty || Interlocked.CompareExchange(ref _running, 1, 0) != 0)
                return;
        }
    }
}
