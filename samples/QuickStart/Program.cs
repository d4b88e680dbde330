using System.Diagnostics;
using QuickStart;
using Romp;

// One process plays both parts: a server on a free loopback port, and clients that call it over TCP.
await using var server = new RompServer("tcp://127.0.0.1:0");
var greeter = new Greeter();
server.Bind<IGreeter>("greeter", greeter);
server.Bind<ICounterStore>("counter", new CounterStore());
server.Bind<IUpdater>("updater", new Updater());
var news = new NewsFeed();
server.Bind<INewsFeed>("news", news);
await server.StartAsync();
Console.WriteLine($"server listening on {server.Endpoint}");

await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
IGreeter remote = await client.ResolveAsync<IGreeter>("greeter");

Section("REQUEST → RETVAL");
string greeting = await remote.GreetAsync(new Person("Ada", 36, ["English", "French"]));
Console.WriteLine($"  {greeting}");

Section("REQUEST → EXCEPTION");
try
{
    await remote.ValidateAsync("");
}
catch (ArgumentException error) // a base library exception comes back as itself; any other as RemoteException
{
    Console.WriteLine($"  the server threw {error.GetType()}: {error.Message}");
}

Section("ONEWAY × 10,000, then SYNC");
var watch = Stopwatch.StartNew();
for (int i = 0; i < 10_000; i++)
    remote.Log($"line {i}");
await client.SyncAsync(); // answered only once the server has run every one-way call sent before it
Console.WriteLine($"  10,000 one-way calls sent and processed in {watch.Elapsed.TotalMilliseconds:0.0} ms; server counted {greeter.LinesLogged:N0}");

Section("ONEWAY_SYNC");
await remote.NoteAsync("received before this line prints");
await client.SyncAsync();
Console.WriteLine($"  acknowledged on receipt; server has now logged {remote.LinesLogged:N0} lines");

Section("REQUEST_BLOCK → YIELD … → RETVAL (IAsyncEnumerable)");
Console.Write("  countdown:");
await foreach (int n in remote.CountdownAsync(5))
    Console.Write($" {n}");
Console.WriteLine(" liftoff");

Section("DRb counter store: 8 clients × 1,000 increments in parallel");
const int Clients = 8, Increments = 1_000;
await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
{
    await using RompClient own = await RompClient.ConnectAsync(server.Endpoint);
    ICounterStore store = await own.ResolveAsync<ICounterStore>("counter");
    for (int i = 0; i < Increments; i++)
        await store.IncAsync("hits");
}));
ICounterStore counter = await client.ResolveAsync<ICounterStore>("counter");
int total = counter["hits"]; // a synchronous indexer: obj[:counter] in DRb
Console.WriteLine($"  counter[\"hits\"] = {total:N0} (expected {Clients * Increments:N0}) {(total == Clients * Increments ? "✓" : "✗ LOST UPDATES")}");

// DRb's DRbUndumped example: the server's update(obj) calls obj.inc. The declared type decides how a Foo travels.
IUpdater updater = await client.ResolveAsync<IUpdater>("updater");
Section("DRbUndumped, part 1: a [RompSerializable] Foo travels by value");
Foo a = new(10), b = new(20);
Console.WriteLine($"  before Update: a.X = {a.X}, b.X = {b.X}");
await updater.UpdateAsync(a);
await updater.UpdateAsync(b);
Console.WriteLine($"  after Update:  a.X = {a.X}, b.X = {b.X}   the server incremented its own copies");

Section("DRbUndumped, part 2: a [RompObject] IFoo travels by reference");
UndumpedFoo ua = new(10), ub = new(20);
Console.WriteLine($"  before Update: a.X = {ua.X}, b.X = {ub.X}");
await updater.UpdateAsync(ua); // the same call as above: only the declared type of the argument differs
await updater.UpdateAsync(ub);
Console.WriteLine($"  after Update:  a.X = {ua.X}, b.X = {ub.X}   the server called IncAsync() back on the client's objects");
Console.WriteLine("  unlike DRb, the client started no service and opened no port: the calls came back over its own connection");
bool undumped = (a.X, b.X, ua.X, ub.X) == (10, 20, 11, 21);

Section("Callbacks: the client subscribes a listener object; the server publishes to it");
INewsFeed feed = await client.ResolveAsync<INewsFeed>("news");
var listener = new PrintingListener();
await feed.SubscribeAsync(listener);
string[] headlines = ["Romp 0.1 ships", "Objects now travel by reference", "Clients need no port"];
int delivered = 0;
foreach (string headline in headlines)
    delivered += await news.PublishAsync(headline); // runs on the server: awaits each subscriber's OnNewsAsync
await feed.UnsubscribeAsync(listener);
Console.WriteLine($"  the server delivered {delivered} headlines; the client's listener took {listener.Received}");
Console.Write("  a block, feed.EachAsync(h => ...), called back during the call:");
await feed.EachAsync(headline =>
{
    Console.Write($" [{headline.Split(' ')[0]}]");
    return default;
});
Console.WriteLine();

return total == Clients * Increments && undumped && listener.Received == headlines.Length ? 0 : 1;

static void Section(string title) => Console.WriteLine($"{Environment.NewLine}{title}");
