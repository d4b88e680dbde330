using Romp;

namespace Resilience;

/// <summary>Implemented by the client and passed by reference to <see cref="IWarehouse.SubscribeAsync"/>.</summary>
[RompObject]
public interface IStockListener
{
    ValueTask OnStockChangedAsync(Stock stock);
}
