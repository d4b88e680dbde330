namespace Romp.Rpc;

/// <summary>
/// The credit of one stream this side produces: how many more items the consumer has granted (CREDIT frames), and the
/// producer waiting for more. Reused with its pooled call.
/// </summary>
internal sealed class StreamCredit
{
    private readonly object _gate = new();
    private long _credits;               // guarded by _gate
    private int _generation = -1;        // written under _gate; the pooled call's use this credit belongs to, -1 for none
    private TaskCompletionSource? _waiter; // guarded by _gate; only allocated when the producer runs out

    /// <summary>Items the producer may still send; read without the lock by the producer that spends them.</summary>
    public long Available => Interlocked.Read(ref _credits);

    /// <summary>The credit of REQUEST_BLOCK itself, for the pooled call's use <paramref name="generation"/>.</summary>
    public void SetInitial(uint items, int generation)
    {
        lock (_gate)
        {
            _credits = items;
            _generation = generation;
        }
    }

    /// <summary>CREDIT: the consumer grants <paramref name="items"/> more; a waiting producer goes on. A grant for another use is dropped.</summary>
    public void Grant(uint items, int generation)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            if (generation != _generation)
                return;
            _credits += items;
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    /// <summary>The producer sent <paramref name="items"/>.</summary>
    public void Spend(int items)
    {
        lock (_gate)
            _credits -= items;
    }

    /// <summary>Null when there is credit; else a task that completes on the next grant or <see cref="Wake"/>.</summary>
    public Task? WaitTask(CancellationToken cancellation)
    {
        lock (_gate)
        {
            if (_credits > 0)
                return null;
            // Checked under the lock: a cancel that ran before we got here found no waiter to wake.
            cancellation.ThrowIfCancellationRequested();
            _waiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task;
        }
    }

    /// <summary>Wakes a waiting producer without granting anything (the call was cancelled).</summary>
    public void Wake()
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
            waiter = _waiter;
            _waiter = null;
        }

        waiter?.TrySetResult();
    }

    public void Reset()
    {
        // Most calls are not streams: their credit was never set, and nothing can have touched it.
        if (Volatile.Read(ref _generation) == -1)
            return;
        lock (_gate)
        {
            _credits = 0;
            _waiter = null;
            _generation = -1;
        }
    }
}
