namespace Snippets;

/// <summary>The README's "When the network fails": a client that reconnects, its proxies that come back, deadlines.</summary>
public static class NetworkFails
{
    public static async Task RunAsync()
    {
        RompServer server = await StartHubAsync("tcp://127.0.0.1:0");
        string endpoint = server.Endpoint;
        var reconnected = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        #region README
        var options = new RompClientOptions
        {
            Reconnect = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10)), // forever
            DefaultCallTimeout = TimeSpan.FromSeconds(5),   // every call; the server's token fires at the deadline too
            KeepAliveInterval = TimeSpan.FromSeconds(15),   // the defaults: a dead peer is found within 30 s
            KeepAliveTimeout = TimeSpan.FromSeconds(15),
        };
        var client = new RompClient(endpoint, options);
        client.StateChanged += (_, change) => Console.WriteLine($"resilience: {change}");   // Connected -> Reconnecting (...)
        await client.StartAsync();

        IHub hub = await client.ResolveAsync<IHub>("hub");  // resolved by name: comes back by itself after a reconnect
        var listener = new ConsoleListener();
        await hub.SubscribeAsync(listener);
        client.Reconnected += async _ => await hub.SubscribeAsync(listener); // the new server never heard of it

        ICounter counter = await hub.CreateAsync("hits");   // handed out by reference: dies with its connection...
        RompProxy.OnRecover(counter, async ct => await hub.CreateAsync("hits")); // ...unless it has a way back

        using (RompDeadline.Within(TimeSpan.FromMilliseconds(500)))   // tighter than the default, for these calls
            await counter.IncrementAsync();
        #endregion
        client.Reconnected += _ =>
        {
            reconnected.TrySetResult();
            return Task.CompletedTask;
        };

        // The server goes away and comes back on the same port; the same proxies work again.
        await server.DisposeAsync();
        await using RompServer restarted = await StartHubAsync(endpoint);
        await reconnected.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Console.WriteLine($"resilience: after the restart the counter says {await counter.IncrementAsync()} ({RompProxy.GetState(counter)})");
        await client.DisposeAsync();
    }

    private static async Task<RompServer> StartHubAsync(string endpoint)
    {
        var server = new RompServer(endpoint);
        server.Bind<IHub>("hub", new Hub());
        await server.StartAsync();
        return server;
    }
}
