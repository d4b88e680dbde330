namespace Romp.Tests.Contracts;

/// <summary>Every method shape the generator supports, against one object.</summary>
[RompObject]
public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default);

    Task<string?> EchoAsync(string? text);

    ValueTask<byte[]> EchoBytesAsync(byte[] data);

    ValueTask<Order> EchoOrderAsync(Order order);

    Task FailAsync(string message);

    int Multiply(int a, int b);

    void Reset();

    int this[string key] { get; set; }

    string Name { get; }

    /// <summary>Waits until the caller cancels; reports the server-side cancellation to <see cref="Calculator.ServerCancellations"/>.</summary>
    ValueTask<int> WaitForCancellationAsync(CancellationToken cancellationToken);

    /// <summary>Waits until <see cref="Calculator.ReleaseSlowCalls"/>.</summary>
    Task<int> SlowAsync();

    [Oneway]
    void Tick(int sequence);

    [Oneway]
    Task TickAsync(int sequence);

    [Oneway(Sync = true)]
    ValueTask TickSyncAsync(int sequence);

    ValueTask<int> TickCountAsync();

    ValueTask<bool> TicksInOrderAsync();

    IAsyncEnumerable<int> RangeAsync(int start, int count, CancellationToken cancellationToken = default);

    IAsyncEnumerable<int> FailingRangeAsync(int failAfter);
}

[RompSerializable]
public sealed record OrderLine(string Product, int Quantity, decimal Price);

[RompSerializable]
public sealed class Order
{
    public int Id { get; set; }

    public required string Customer { get; init; }

    public List<OrderLine> Lines { get; set; } = new();

    public Dictionary<string, string>? Tags { get; set; }

    public DateTimeOffset Placed { get; set; }

    public Guid Reference { get; set; }

    public (int Low, int High) Range { get; set; }

    public int? Priority { get; set; }

    public Status Status { get; set; }
}

public enum Status : byte
{
    New,
    Shipped,
}
