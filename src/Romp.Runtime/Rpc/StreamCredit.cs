namespace Romp.Rpc;

/// <summary>
/// The credit of one stream this side produces: how many more items the consumer has granted (CREDIT frames), and the
/// producer waiting for more. Reused with its pooled call.
/// </summary>
internal sealed class StreamCredit
{
    private readonly object _gate = new();
    private long _credits;               // guarded by _gate
    private TaskCompletionSource? _waiter; // guarded by _gate; only allocated when the producer runs out

    /// <summary>Items the producer may still send; read without the lock by the producer that spends them.</summary>
    public long Available => Interlocked.Read(ref _credits);

    /// <summary>The credit of REQUEST_BLOCK itself.</summary>
    public void SetInitial(uint items)
    {
        lock (_gate)
            _credits = items;
    }

    /// <summary>CREDIT: the consumer grants <paramref name="items"/> more; a waiting producer goes on.</summary>
    public void Grant(uint items)
    {
        TaskCompletionSource? waiter;
        lock (_gate)
        {
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
        lock (_gate)
        {
            _credits = 0;
            _waiter = null;
        }
    }
}
