using Romp;

namespace Resilience;

/// <summary>
/// What the server child binds as <see cref="Name"/>: a read that is safe to send twice, a write that is not, and a
/// subscription the server forgets when it restarts.
/// </summary>
[RompObject]
public interface IWarehouse
{
    /// <summary>The name the server child binds its warehouse under.</summary>
    public const string Name = "warehouse";

    /// <summary>
    /// How many of <paramref name="item"/> are left. Counting twice changes nothing, so a count in flight when the
    /// connection is lost is sent again, once, after the reconnect.
    /// </summary>
    [Idempotent]
    ValueTask<Stock> CountAsync(string item, CancellationToken cancellationToken = default);

    /// <summary>
    /// Takes <paramref name="quantity"/> of <paramref name="item"/> out of stock and calls every subscriber back. Sent twice
    /// it would ship twice, so a ship in flight when the connection is lost fails instead.
    /// </summary>
    ValueTask<Stock> ShipAsync(string item, int quantity, CancellationToken cancellationToken = default);

    /// <summary>Calls <paramref name="listener"/> back on every shipment, for as long as this server runs.</summary>
    ValueTask SubscribeAsync(IStockListener listener, CancellationToken cancellationToken = default);
}
