using System.Runtime.CompilerServices;
using Romp;

// Every message type over every transport, in a NativeAOT binary. Exit code 0 only if every check held.
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
    catch (RemoteException error)
    {
        Check("EXCEPTION", error.RemoteType == "System.ArgumentException");
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

    remote["bolt"] = 7;
    Check("synchronous indexer", remote["bolt"] == 7);

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

    [Oneway]
    void Touch(int id);

    [Oneway(Sync = true)]
    Task TouchSyncAsync(int id);

    IAsyncEnumerable<int> CountAsync(int count, CancellationToken cancellationToken = default);

    int this[string name] { get; set; }
}

[RompSerializable]
public sealed record Item(string Name, int Count, int[] Sizes, Dictionary<string, double> Attributes, DateTimeOffset Added);

public sealed class Inventory : IInventory
{
    private readonly Dictionary<string, int> _counts = new();
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

    public void Touch(int id) => Interlocked.Increment(ref _touches);

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
