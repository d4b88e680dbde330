namespace Snippets;

/// <summary>The README's distributed-objects example, on an in-process connection.</summary>
public static class DistributedObjects
{
    public static async Task RunAsync()
    {
        await using var server = new RompServer("inproc://hub");
        server.Bind<IHub>("hub", new Hub());
        await server.StartAsync();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        IHub hub = await client.ResolveAsync<IHub>("hub");

        #region README
        ICounter counter = await hub.CreateAsync("hits");
        await counter.IncrementAsync();                  // runs on the server's object
        await hub.SubscribeAsync(new ConsoleListener()); // the server calls it back over this same connection
        await hub.ForEachAsync(3, i => { Console.WriteLine(i); return default; });
        RompProxy.Release(counter);                      // or just drop it: a collected proxy is released too
        #endregion
    }
}
