namespace Snippets;

/// <summary>The README's first example: a server and a client on one machine.</summary>
public static class FiveMinutes
{
    public static async Task RunAsync()
    {
        #region README
        // server
        await using var server = new RompServer("tcp://127.0.0.1:4242");   // or unix:///tmp/calc.sock, inproc://calc
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync();

        // client
        await using RompClient client = await RompClient.ConnectAsync("tcp://127.0.0.1:4242");
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc");
        int sum = await calc.AddAsync(2, 40);
        for (int i = 0; i < 1_000; i++) calc.Tick(i);
        await client.SyncAsync();                                           // SYNC: all one-way calls above have run
        #endregion
        Console.WriteLine($"five minutes: 2 + 40 = {sum}");
    }
}
