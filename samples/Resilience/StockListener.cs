using System.Collections.Concurrent;

namespace Resilience;

/// <summary>
/// The client's callback object, subscribed on every server it reaches: the server calls it back over the connection
/// the client opened. It counts the callbacks by server, so the orchestrator can tell that they came back.
/// </summary>
internal sealed class StockListener : IStockListener
{
    private readonly ConcurrentDictionary<int, int> _callbacks = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _first = new();

    /// <summary>The callbacks each server made, by its process id.</summary>
    public IReadOnlyDictionary<int, int> CallbacksByServer => _callbacks;

    public ValueTask OnStockChangedAsync(Stock stock)
    {
        Timeline.Print($"callback  {stock.Item}: {stock.Count} left (from server {stock.Server})");
        _callbacks.AddOrUpdate(stock.Server, 1, static (_, n) => n + 1);
        First(stock.Server).TrySetResult();
        return default;
    }

    /// <summary>Completes on the first callback from server <paramref name="server"/>.</summary>
    public Task FirstCallbackFromAsync(int server) => First(server).Task;

    private TaskCompletionSource First(int server) =>
        _first.GetOrAdd(server, static _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}
