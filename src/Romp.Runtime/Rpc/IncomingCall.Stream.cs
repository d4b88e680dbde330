using System.Buffers;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.CompilerServices;

public sealed partial class IncomingCall
{
    // Most items a YIELD frame carries; a batch also ends when the source would have to wait or credit runs out.
    private const int MaxItemsPerYield = 256;

    private readonly object _creditGate = new();
    private long _credits;
    private TaskCompletionSource? _creditWaiter;

    /// <summary>
    /// Streams <paramref name="source"/> back as YIELD frames, never more items ahead of the consumer than it has granted
    /// (CREDIT frames), then ends with RETVAL; a failure ends with EXCEPTION. Cancelled when the caller stops enumerating.
    /// </summary>
    public async ValueTask StreamAsync<T>(IAsyncEnumerable<T> source, IRompFormatter<T> formatter)
    {
        if (_type != FrameType.RequestBlock)
            throw new RompException(RompError.InvalidMessage, $"Method id {MethodId} streams its result and must be called with REQUEST_BLOCK.");

        CancellationToken cancellation = CancellationToken;
        T[] batch = ArrayPool<T>.Shared.Rent(MaxItemsPerYield);
        int count = 0;
        try
        {
            await using IAsyncEnumerator<T> items = source.GetAsyncEnumerator(cancellation);
            while (true)
            {
                if (count == 0)
                    await WaitForCreditAsync(cancellation).ConfigureAwait(false);

                ValueTask<bool> next = items.MoveNextAsync();
                if (!next.IsCompletedSuccessfully && count > 0)
                {
                    // The source has to wait, or failed: send what is ready before waiting or reporting the failure.
                    count = SendBatch(batch, count, formatter);
                }

                if (!await next.ConfigureAwait(false))
                    break;
                batch[count++] = items.Current;
                if (count == MaxItemsPerYield || count == Interlocked.Read(ref _credits))
                    count = SendBatch(batch, count, formatter);
            }

            if (count > 0)
                count = SendBatch(batch, count, formatter);
            _connection.SendResult(CallId);
        }
        finally
        {
            ArrayPool<T>.Shared.Return(batch, clearArray: System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences<T>());
        }
    }

    internal void AddCredit(uint items, int generation)
    {
        TaskCompletionSource? waiter;
        lock (_creditGate)
        {
            if (generation != Generation)
                return;
            _credits += items;
            waiter = _creditWaiter;
            _creditWaiter = null;
        }

        waiter?.TrySetResult();
    }

    internal void SetInitialCredit(uint items)
    {
        lock (_creditGate)
            _credits = items;
    }

    private int SendBatch<T>(T[] batch, int count, IRompFormatter<T> formatter)
    {
        _connection.SendYield(CallId, new ArraySegment<T>(batch, 0, count), formatter);
        lock (_creditGate)
            _credits -= count;
        Array.Clear(batch, 0, count);
        return 0;
    }

    private async ValueTask WaitForCreditAsync(CancellationToken cancellation)
    {
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            Task wait;
            lock (_creditGate)
            {
                if (_credits > 0)
                    return;
                // Checked under the lock: a cancel that ran before we got here found no waiter to wake.
                cancellation.ThrowIfCancellationRequested();
                _creditWaiter ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                wait = _creditWaiter.Task;
            }

            // The CREDIT may be behind a call the read loop would otherwise stop at: it must keep reading meanwhile.
            _connection.BeginWaitingOnPeer();
            try
            {
                await wait.ConfigureAwait(false);
            }
            finally
            {
                _connection.EndWaitingOnPeer();
            }
        }
    }

    private void WakeStreamProducer()
    {
        TaskCompletionSource? waiter;
        lock (_creditGate)
        {
            waiter = _creditWaiter;
            _creditWaiter = null;
        }

        waiter?.TrySetResult();
    }

    private void ResetStream()
    {
        lock (_creditGate)
        {
            _credits = 0;
            _creditWaiter = null;
        }
    }

    private void ThrowIfStreamCall()
    {
        if (_type == FrameType.RequestBlock)
            ThrowHelper.ThrowInvalidData($"Method id {MethodId} does not stream and must not be called with REQUEST_BLOCK.");
    }
}
