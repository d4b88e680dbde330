namespace Snippets;

/// <summary>The README's "Watching a conversation": both sides of a few calls traced, one line per frame, to standard error.</summary>
public static class WatchingConversation
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = Console.Error.WriteLine });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync();

        #region README
        var options = new RompClientOptions { ConversationTrace = Console.Error.WriteLine }; // or: line => logger.LogDebug("{Frame}", line)
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, options);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc");
        int sum = await calc.AddAsync(2, 40);
        calc.Tick(7);
        await client.SyncAsync();
        await foreach (Point point in calc.WalkAsync(2))
            Console.WriteLine(point);
        #endregion
        Console.WriteLine($"watching a conversation: 2 + 40 = {sum}");
    }
}
