using System.Collections.Concurrent;
using Romp;

namespace Resilience;

/// <summary>
/// The server child's warehouse. Its stock lives in memory, so each restarted server starts again at
/// <see cref="InitialStock"/>, and it knows no subscribers until a client subscribes again.
/// </summary>
internal sealed class Warehouse : IWarehouse
{
    public const int InitialStock = 100;

    private static readonly int s_server = Environment.ProcessId;

    private readonly ConcurrentDictionary<string, int> _stock = new();
    private readonly ConcurrentDictionary<IStockListener, byte> _listeners = new(ReferenceEqualityComparer.Instance);
    private volatile bool _hung;

    /// <summary>From now on every call is held instead of answered, as by a stuck server, until the caller gives up or the process dies.</summary>
    public void Hang() => _hung = true;

    public async ValueTask<Stock> CountAsync(string item, CancellationToken cancellationToken)
    {
        await HoldIfHungAsync($"count({item})", cancellationToken);
        return new Stock(item, _stock.GetValueOrDefault(item, InitialStock), s_server);
    }

    public async ValueTask<Stock> ShipAsync(string item, int quantity, CancellationToken cancellationToken)
    {
        await HoldIfHungAsync($"ship({item}, {quantity})", cancellationToken);
        int left = _stock.AddOrUpdate(item, static (_, quantity) => InitialStock - quantity, static (_, count, quantity) => count - quantity, quantity);
        var stock = new Stock(item, left, s_server);
        foreach (IStockListener listener in _listeners.Keys)
        {
            try
            {
                await listener.OnStockChangedAsync(stock);
            }
            catch (RompException)
            {
                _listeners.TryRemove(listener, out _); // its client went away
            }
        }

        return stock;
    }

    public ValueTask SubscribeAsync(IStockListener listener, CancellationToken cancellationToken)
    {
        _listeners.TryAdd(listener, 0);
        return default;
    }

    // The orchestrator waits for these lines before it kills this process: then it knows the calls were in flight.
    private async ValueTask HoldIfHungAsync(string call, CancellationToken cancellationToken)
    {
        if (!_hung)
            return;
        Console.WriteLine($"holding {call}");
        await Task.Delay(Timeout.Infinite, cancellationToken);
    }
}
