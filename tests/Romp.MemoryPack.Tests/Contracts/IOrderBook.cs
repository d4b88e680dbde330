namespace Romp.MemoryPackTests.Contracts;

/// <summary>MemoryPack types in every position of a contract.</summary>
[RompObject]
public interface IOrderBook
{
    /// <summary>Returns <paramref name="order"/> as received (null included).</summary>
    Task<Order?> EchoAsync(Order? order);

    /// <summary>The description of <paramref name="order"/> as the server read it.</summary>
    Task<string> DescribeAsync(Order order);

    /// <summary>A struct parameter, a nullable struct, a struct result.</summary>
    Task<Point> MoveAsync(Point point, Point? by);

    /// <summary>Streams <paramref name="count"/> sample orders.</summary>
    IAsyncEnumerable<Order> ListAsync(int count, CancellationToken cancellationToken = default);

    /// <summary>Returns <paramref name="envelope"/> with its label stamped.</summary>
    Task<Envelope> StampAsync(Envelope envelope);

    /// <summary>Returns <paramref name="blob"/> with its bytes reversed.</summary>
    Task<Blob> ReverseAsync(Blob blob);
}
