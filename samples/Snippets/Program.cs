// Runs every README example. With "worker", it is the worker half of the stream-seam example instead.
using Snippets;

if (args is ["worker"])
{
    await Worker.ServeAsync();
    return;
}

await FiveMinutes.RunAsync();
await DistributedObjects.RunAsync();
await Unions.RunAsync();
await Archive.RunAsync();
await Errors.RunAsync();
await Versioning.RunAsync();
await CustomTransport.RunAsync();
await SecureServer.RunAsync();
await Describe.RunAsync();
await NetworkFails.RunAsync();
await Hosted.RunAsync();
await Worker.RunAsync();
await WatchingConversation.RunAsync();
await Telemetry.RunAsync();
await Quotes.RunAsync();
