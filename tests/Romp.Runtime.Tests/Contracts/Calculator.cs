using System.Collections.Concurrent;
using System.Runtime.CompilerServices;

namespace Romp.Tests.Contracts;

/// <summary>The server-side implementation the end-to-end tests call; it records what it saw.</summary>
public sealed class Calculator : ICalculator
{
    private readonly ConcurrentDictionary<string, int> _values = new();
    private readonly TaskCompletionSource _slowGate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _ticks;
    private int _lastTick = -1;
    private int _outOfOrder;

    public TaskCompletionSource ServerCancellations { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource ProducerStopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource SlowCallStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource WaitingForCancellation { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public int ProducedItems;

    public string Name => "calculator";

    public int this[string key]
    {
        get => _values.GetValueOrDefault(key);
        set => _values[key] = value;
    }

    public void ReleaseSlowCalls() => _slowGate.TrySetResult();

    public ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken) => new(a + b);

    public Task<string?> EchoAsync(string? text) => Task.FromResult(text);

    public ValueTask<byte[]> EchoBytesAsync(byte[] data) => new(data);

    public ValueTask<Order> EchoOrderAsync(Order order) => new(order);

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public int Multiply(int a, int b) => a * b;

    public void Reset() => _values.Clear();

    public async ValueTask<int> WaitForCancellationAsync(CancellationToken cancellationToken)
    {
        try
        {
            WaitingForCancellation.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
        catch (OperationCanceledException)
        {
            ServerCancellations.TrySetResult();
            throw;
        }
    }

    public async Task<int> SlowAsync()
    {
        SlowCallStarted.TrySetResult();
        await _slowGate.Task;
        return 42;
    }

    public void Tick(int sequence) => Record(sequence);

    public Task TickAsync(int sequence)
    {
        Record(sequence);
        return Task.CompletedTask;
    }

    public ValueTask TickSyncAsync(int sequence)
    {
        Record(sequence);
        return default;
    }

    public ValueTask<int> TickCountAsync() => new(Volatile.Read(ref _ticks));

    public ValueTask<bool> TicksInOrderAsync() => new(Volatile.Read(ref _outOfOrder) == 0);

    public async IAsyncEnumerable<int> RangeAsync(int start, int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            for (int i = 0; i < count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Interlocked.Increment(ref ProducedItems);
                yield return start + i;
                if (i % 16 == 15)
                    await Task.Yield();
            }
        }
        finally
        {
            ProducerStopped.TrySetResult();
        }
    }

    public async IAsyncEnumerable<int> FailingRangeAsync(int failAfter)
    {
        for (int i = 0; i < failAfter; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw new ArgumentException("the stream failed on purpose");
    }

    // One-ways arrive on one lane in order: any sequence that is not the previous one plus one is a reordering.
    private void Record(int sequence)
    {
        if (sequence != _lastTick + 1)
            Interlocked.Increment(ref _outOfOrder);
        _lastTick = sequence;
        Interlocked.Increment(ref _ticks);
    }
}
