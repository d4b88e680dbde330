// Runs every README example. With "worker", it is the worker half of the stream-seam example instead.
using Snippets;

if (args is ["worker"])
{
    await Worker.ServeAsync();
    return;
}

await FiveMinutes.RunAsync();
await DistributedObjects.RunAsync();
await CustomTransport.RunAsync();
await SecureServer.RunAsync();
await NetworkFails.RunAsync();
await Worker.RunAsync();
await Quotes.RunAsync();
