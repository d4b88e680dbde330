namespace Snippets;

/// <summary>The MemoryPack example: a [MemoryPackable] type as a result and as stream items.</summary>
public static class Quotes
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://quotes");
        server.Bind<IQuotes>("quotes", new QuoteBoard());
        await server.StartAsync();

        await using RompClient client = await RompClient.ConnectAsync("inproc://quotes");
        IQuotes quotes = await client.ResolveAsync<IQuotes>("quotes");
        Quote? latest = await quotes.LatestAsync("ROMP");
        int seen = 0;
        await foreach (Quote quote in quotes.WatchAsync("ROMP", 3))
            seen++;
        Console.WriteLine($"memorypack: {latest?.Symbol} at {latest?.Price}, then {seen} more quotes");
    }

    private sealed class QuoteBoard : IQuotes
    {
        public ValueTask<Quote?> LatestAsync(string symbol) =>
            new(new Quote { Symbol = symbol, Price = 42.5m, At = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc) });

        public async IAsyncEnumerable<Quote> WatchAsync(string symbol, int count)
        {
            for (int i = 0; i < count; i++)
            {
                await Task.Yield();
                yield return new Quote { Symbol = symbol, Price = 42.5m + i };
            }
        }
    }
}
