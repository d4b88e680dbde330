using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Resilience;
using Romp;

// One program, two roles. With `server PORT` it is the server child. With no arguments it is the orchestrator: it
// starts that child on a port it picked, keeps a reconnecting client calling it, crashes it twice (a kill while calls
// are in flight), restarts it on the same port each time, and exits 0 only if everything it shows came back.
if (args is ["server", string serverPort])
    return await ServerRole.RunAsync(int.Parse(serverPort, CultureInfo.InvariantCulture));

TimeSpan running = TimeSpan.FromSeconds(1); // calls go through, between crashes
TimeSpan outage = TimeSpan.FromSeconds(1);  // nothing listens on the port: the client's attempts fail, and it goes on trying
TimeSpan step = TimeSpan.FromSeconds(8);    // the longest one step may take: a child starting, a reconnect, a callback
TimeSpan limit = TimeSpan.FromSeconds(20);  // the whole run: it never hangs
using var deadline = new CancellationTokenSource(limit);
using var stopCalling = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token);

int port = FreePort();
var servers = new List<int>();
ServerChild? child = null;
AppDomain.CurrentDomain.ProcessExit += (_, _) => child?.Kill(); // however this process ends, its child goes too
RompClient? client = null;
var listener = new StockListener();
Traffic? traffic = null;
Task calling = Task.CompletedTask;
int reconnects = 0;
using var reconnected = new SemaphoreSlim(0);
string? failure = null;

Console.WriteLine("Romp resilience: a reconnecting client keeps calling a server child that crashes twice.");
try
{
    child = await StartServerAsync();
    var options = new RompClientOptions
    {
        // The first attempt 100 ms after the loss, then twice as long each time up to 0.5 s; calls made meanwhile wait.
        Reconnect = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), maxAttempts: 40),

        // TODO issue 9 (deadlines): set DefaultCallTimeout here once it lands, to the 10 s Traffic gives each call now.
        // Until then no call is bounded unless it carries a token, so each of Traffic's calls carries one that times out.
    };
    client = new RompClient($"tcp://127.0.0.1:{port}", options);
    client.StateChanged += (_, change) =>
    {
        Timeline.Print($"state     {change}");
        if (change is { PreviousState: RompConnectionState.Reconnecting, State: RompConnectionState.Connected })
        {
            Interlocked.Increment(ref reconnects);
            reconnected.Release();
        }
    };
    await client.StartAsync(deadline.Token);

    // Resolved by name, so after a reconnect this same proxy is bound again to whatever the new server binds there.
    IWarehouse warehouse = await client.ResolveAsync<IWarehouse>(IWarehouse.Name, deadline.Token);
    await warehouse.SubscribeAsync(listener, deadline.Token);
    Timeline.Print("subscribed to stock changes");
    client.Reconnected += async _ =>
    {
        // A restarted server knows no subscribers: subscribe again here, before the client reports Connected.
        using var timeout = new CancellationTokenSource(step);
        await warehouse.SubscribeAsync(listener, timeout.Token);
        Timeline.Print("reconnected: subscribed to stock changes again");
    };

    traffic = new Traffic(warehouse) { Server = child.Id };
    calling = traffic.RunAsync(stopCalling.Token);
    for (int crash = 1; crash <= 2; crash++)
    {
        await Task.Delay(running, deadline.Token);
        Timeline.Print($"crash {crash}   server {child.Id} hangs; once it holds a ship and a count, it is killed");
        child.Hang();
        await WithinAsync(Task.WhenAll(child.HoldingAsync("ship"), child.HoldingAsync("count")), "the hung server holding a ship and a count");
        Timeline.Print($"kill      server {child.Id}: no goodbye, its connections reset");
        child.Kill();
        Timeline.Print($"outage    nothing listens on port {port} for {outage.TotalSeconds:0} s");
        await Task.Delay(outage, deadline.Token);

        child = await StartServerAsync();
        traffic.Server = child.Id;
        await WithinAsync(reconnected.WaitAsync(deadline.Token), "the reconnect");
        await WithinAsync(listener.FirstCallbackFromAsync(child.Id), $"a callback from server {child.Id}");
    }

    await Task.Delay(running, deadline.Token);
    stopCalling.Cancel();
    await WithinAsync(calling, "the end of the calls");
    await client.DisposeAsync();
    await child.StopAsync(step);
}
catch (Exception error)
{
    failure = deadline.IsCancellationRequested ? $"the run took longer than {limit.TotalSeconds:0} s" : $"{error.GetType().Name}: {error.Message}";
}
finally
{
    stopCalling.Cancel();
    child?.Kill();
    if (client is not null)
        await client.DisposeAsync();
    await Task.WhenAny(calling, Task.Delay(step)); // the loops end once stopped, before the summary is printed
}

Console.WriteLine();
string callbacks = string.Join(", ", servers.Select(server => $"server {server} ×{listener.CallbacksByServer.GetValueOrDefault(server)}"));
Console.WriteLine($"summary: {traffic?.Calls ?? 0} calls, {traffic?.Failed ?? 0} failed, {traffic?.Retried ?? 0} sent again, " +
    $"{traffic?.Waited ?? 0} waited for a reconnect; {reconnects} reconnects; callbacks from {callbacks}");

var missing = new List<string>();
if (failure is not null)
    missing.Add(failure);
if (reconnects != 2)
    missing.Add($"{reconnects} reconnects, not 2");
if (traffic is not null && (traffic.Failed != 2 || traffic.Unexpected != 0))
    missing.Add($"{traffic.Failed} calls failed ({traffic.Unexpected} unexpectedly), not exactly the ship in flight at each crash");
if (traffic is not null && traffic.Retried != 2)
    missing.Add($"{traffic.Retried} counts were sent again, not the one in flight at each crash");
if (traffic is not null && traffic.Waited != 2)
    missing.Add($"{traffic.Waited} ships waited through an outage, not one per crash");
if (servers.Count != 3 || servers.Any(server => listener.CallbacksByServer.GetValueOrDefault(server) == 0))
    missing.Add("the callback did not come back from every server");
foreach (string what in missing)
    Console.WriteLine($"FAILED: {what}");
if (missing.Count == 0)
    Console.WriteLine("every call, proxy and callback came back after both crashes");
return missing.Count == 0 ? 0 : 1;

async Task<ServerChild> StartServerAsync()
{
    Timeline.Print($"start     a server child on port {port}");
    ServerChild started = await ServerChild.StartAsync(port, step);
    servers.Add(started.Id);
    return started;
}

async Task WithinAsync(Task task, string what)
{
    try
    {
        await task.WaitAsync(step, deadline.Token);
    }
    catch (TimeoutException)
    {
        throw new TimeoutException($"{what} did not happen within {step.TotalSeconds:0} s");
    }
}

// Picked once, for every server child of the run: the client always reconnects to the same endpoint.
static int FreePort()
{
    using var probe = new TcpListener(IPAddress.Loopback, 0);
    probe.Start();
    return ((IPEndPoint)probe.LocalEndpoint).Port;
}
