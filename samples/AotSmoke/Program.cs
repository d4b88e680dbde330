using System.Runtime.CompilerServices;
using Romp;

// Every message type, references, callbacks and blocks over every transport, in a NativeAOT binary. Exit code 0 only
// if every check held.
int failures = 0;
string socketPath = Path.Combine(Path.GetTempPath(), $"romp-aot-{Environment.ProcessId}.sock");
foreach (string endpoint in new[] { "tcp://127.0.0.1:0", $"unix://{socketPath}", "inproc://aot-smoke" })
{
    await using var server = new RompServer(endpoint);
    var inventory = new Inventory();
    server.Bind<IInventory>("inventory", inventory);
    await server.StartAsync();
    await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
    IInventory remote = await client.ResolveAsync<IInventory>("inventory");

    Item stored = await remote.StoreAsync(new Item("bolt", 12, [3, 4], new Dictionary<string, double> { ["weight"] = 0.5 }, DateTimeOffset.UnixEpoch));
    Check("REQUEST with a [RompSerializable] record", stored is { Name: "bolt", Count: 12, Sizes: [3, 4] } && stored.Attributes["weight"] == 0.5);

    try
    {
        await remote.StoreAsync(new Item("", 0, [], new(), default));
        Check("EXCEPTION", false);
    }
    catch (ArgumentException error)
    {
        Check("EXCEPTION: a base library exception as itself", error.GetType() == typeof(ArgumentException) && error.Message == "An item needs a name.");
    }

    try
    {
        await remote.TakeAsync("bolt", 100);
        Check("EXCEPTION: a declared fault", false);
    }
    catch (OutOfStockException error)
    {
        Check("EXCEPTION: a declared fault", error is { Name: "bolt", Available: 12, Message: "Only 12 of 'bolt' left." });
    }

    try
    {
        await remote.TakeAsync("gear", 1);
        Check("EXCEPTION: any other as RemoteException", false);
    }
    catch (RemoteException error)
    {
        Check("EXCEPTION: any other as RemoteException", error.InnerExceptions is [{ RemoteType: "System.IO.IOException", RemoteMessage: "disk full" }]);
    }

    for (int i = 0; i < 1000; i++)
        remote.Touch(i);
    await client.SyncAsync();
    Check("ONEWAY then SYNC", inventory.Touches == 1000);

    await remote.TouchSyncAsync(1000);
    Check("ONEWAY_SYNC", true);

    int sum = 0;
    await foreach (int n in remote.CountAsync(100))
        sum += n;
    Check("REQUEST_BLOCK / YIELD", sum == 4950);

    Part part = await remote.EchoPartAsync(new Nut("m8", 8));
    Check("[RompUnion] case as its own type", part is Nut { Name: "m8", Size: 8 });
    try
    {
        await remote.EchoPartAsync(new Washer("w"));
        Check("undeclared [RompUnion] case refused", false);
    }
    catch (RompException error)
    {
        Check("undeclared [RompUnion] case refused", error.Error == RompError.UnsupportedType);
    }

    remote["bolt"] = 7;
    Check("synchronous indexer", remote["bolt"] == 7);

    IBin bin = await remote.OpenBinAsync("spares");
    Check("reference returned: a proxy", RompProxy.IsProxy(bin) && await bin.AddAsync(2) == 2 && await bin.AddAsync(3) == 5);
    Check("reference sent home: the original object", await remote.IsOwnBinAsync(bin));

    var watcher = new Watcher();
    await remote.WatchAsync(watcher, 3);
    Check("callback over the client's connection", watcher.Seen == 3);

    int blockSum = 0;
    await remote.ForEachAsync(4, i => { blockSum += i; return default; });
    Check("block", blockSum == 6);

    ((IDisposable)bin).Dispose();
    try
    {
        await bin.AddAsync(1);
        Check("DroppedObject after Dispose", false);
    }
    catch (RompException error)
    {
        Check("DroppedObject after Dispose", error.Error == RompError.DroppedObject);
    }

    try
    {
        await client.ResolveAsync<IInventory>("missing");
        Check("UnknownObject", false);
    }
    catch (RompException error)
    {
        Check("UnknownObject", error.Error == RompError.UnknownObject);
    }

    void Check(string what, bool ok)
    {
        Console.WriteLine($"{(ok ? "ok  " : "FAIL")} {endpoint.Split(':')[0],-6} {what}");
        if (!ok)
            failures++;
    }
}

Console.WriteLine(failures == 0 ? "all checks passed" : $"{failures} checks failed");
return failures == 0 ? 0 : 1;

[RompObject]
public interface IInventory
{
    ValueTask<Item> StoreAsync(Item item);

    [RompFault(typeof(OutOfStockException))]
    ValueTask TakeAsync(string name, int count);

    [Oneway]
    void Touch(int id);

    [Oneway(Sync = true)]
    Task TouchSyncAsync(int id);

    IAsyncEnumerable<int> CountAsync(int count, CancellationToken cancellationToken = default);

    int this[string name] { get; set; }

    ValueTask<IBin> OpenBinAsync(string name);

    ValueTask<bool> IsOwnBinAsync(IBin bin);

    ValueTask WatchAsync(IWatcher watcher, int events);

    ValueTask ForEachAsync(int count, Func<int, ValueTask> block);

    ValueTask<Part> EchoPartAsync(Part part);
}

[RompSerializable]
[RompUnion(0, typeof(Screw))]
[RompUnion(1, typeof(Nut))]
public abstract record Part(string Name);

[RompSerializable]
public sealed record Screw(string Name, double Length) : Part(Name);

[RompSerializable]
public sealed record Nut(string Name, int Size) : Part(Name);

/// <summary>A part no [RompUnion] lists: the sender must refuse it.</summary>
public sealed record Washer(string Name) : Part(Name);

[RompObject]
public interface IBin
{
    ValueTask<int> AddAsync(int count);
}

[RompObject]
public interface IWatcher
{
    ValueTask OnChangedAsync(string name);
}

public sealed class Bin : IBin
{
    private int _count;

    public ValueTask<int> AddAsync(int count) => new(Interlocked.Add(ref _count, count));
}

public sealed class Watcher : IWatcher
{
    public int Seen;

    public ValueTask OnChangedAsync(string name)
    {
        Interlocked.Increment(ref Seen);
        return default;
    }
}

[RompSerializable]
public sealed class OutOfStockException(string name, int available) : Exception($"Only {available} of '{name}' left.")
{
    public string Name { get; } = name;

    public int Available { get; } = available;
}

[RompSerializable]
public sealed record Item(string Name, int Count, int[] Sizes, Dictionary<string, double> Attributes, DateTimeOffset Added);

public sealed class Inventory : IInventory
{
    private readonly Dictionary<string, int> _counts = new();
    private readonly List<Bin> _bins = new();
    private int _touches;

    public int Touches => Volatile.Read(ref _touches);

    public int this[string name]
    {
        get { lock (_counts) return _counts.GetValueOrDefault(name); }
        set { lock (_counts) _counts[name] = value; }
    }

    public ValueTask<Item> StoreAsync(Item item) => string.IsNullOrEmpty(item.Name)
        ? ValueTask.FromException<Item>(new ArgumentException("An item needs a name."))
        : new(item);

    public ValueTask TakeAsync(string name, int count) => name == "bolt"
        ? ValueTask.FromException(new OutOfStockException(name, 12))
        : ValueTask.FromException(new InvalidDataException("The stock list could not be read.", new IOException("disk full")));

    public void Touch(int id) => Interlocked.Increment(ref _touches);

    public ValueTask<IBin> OpenBinAsync(string name)
    {
        var bin = new Bin();
        lock (_bins)
            _bins.Add(bin);
        return new(bin);
    }

    public ValueTask<bool> IsOwnBinAsync(IBin bin)
    {
        lock (_bins)
            return new(bin is Bin own && _bins.Contains(own));
    }

    public async ValueTask WatchAsync(IWatcher watcher, int events)
    {
        for (int i = 0; i < events; i++)
            await watcher.OnChangedAsync($"event {i}");
    }

    public ValueTask<Part> EchoPartAsync(Part part) => new(part);

    public async ValueTask ForEachAsync(int count, Func<int, ValueTask> block)
    {
        for (int i = 0; i < count; i++)
            await block(i);
    }

    public Task TouchSyncAsync(int id)
    {
        Interlocked.Increment(ref _touches);
        return Task.CompletedTask;
    }

    public async IAsyncEnumerable<int> CountAsync(int count, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        for (int i = 0; i < count; i++)
        {
            if (i % 10 == 0)
                await Task.Yield();
            yield return i;
        }
    }
}
