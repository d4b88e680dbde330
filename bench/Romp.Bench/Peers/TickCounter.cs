namespace Romp.Bench.Peers;

/// <summary>
/// A peer server's count of one-way messages, and a way to wait until it reaches a target. Peers do not promise to run
/// one-way messages before a later request (StreamJsonRpc runs them on the thread pool), so the final check of a
/// one-way run waits for the count instead of reading it once; a count past the target still fails the run.
/// </summary>
internal sealed class TickCounter
{
    private readonly Lock _lock = new();

    private long _count;                    // owned here: incremented by any thread, read without a lock
    private long _target = long.MaxValue;   // written under _lock; read without it by Increment
    private TaskCompletionSource<long>? _waiter; // guarded by _lock; one at a time, as the bench runs one scenario at a time

    /// <summary>The messages counted so far.</summary>
    public long Count => Volatile.Read(ref _count);

    public void Increment()
    {
        // Interlocked.Increment is a full fence, the partner of the Interlocked.Exchange in WaitForAsync: either this
        // sees the new target, or the waiter sees this count.
        if (Interlocked.Increment(ref _count) >= Volatile.Read(ref _target))
            Release();
    }

    /// <summary>
    /// Completes with the count once it is at least <paramref name="target"/>, or with the count as it is after
    /// <paramref name="timeout"/>: the caller compares it with what it sent.
    /// </summary>
    public async Task<long> WaitForAsync(long target, TimeSpan timeout)
    {
        var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_lock)
        {
            _waiter?.TrySetResult(Count);
            _waiter = waiter;
            Interlocked.Exchange(ref _target, target);
        }

        if (Count >= target)
            Release();
        try
        {
            return await waiter.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return Count;
        }
        finally
        {
            lock (_lock)
            {
                if (_waiter == waiter)
                {
                    _waiter = null;
                    Volatile.Write(ref _target, long.MaxValue);
                }
            }
        }
    }

    private void Release()
    {
        TaskCompletionSource<long>? waiter;
        lock (_lock)
            waiter = _waiter;
        waiter?.TrySetResult(Count);
    }
}
