using System.Runtime.CompilerServices;

namespace Romp.MemoryPackTests.Contracts;

public sealed class OrderBook : IOrderBook
{
    public Task<Order?> EchoAsync(Order? order) => Task.FromResult(order);

    public Task<string> DescribeAsync(Order order) => Task.FromResult(order.Describe());

    public Task<Point> MoveAsync(Point point, Point? by) =>
        Task.FromResult(by is { } d ? new Point { X = point.X + d.X, Y = point.Y + d.Y } : point);

    public async IAsyncEnumerable<Order> ListAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (int i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return Order.Sample(i);
            await Task.Yield();
        }
    }

    public Task<Envelope> StampAsync(Envelope envelope) => Task.FromResult(envelope with { Label = envelope.Label + " (stamped)" });

    public Task<Blob> ReverseAsync(Blob blob)
    {
        Array.Reverse(blob.Data);
        return Task.FromResult(blob);
    }
}
