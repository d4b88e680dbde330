using System.Diagnostics;
using Romp;

namespace Resilience;

/// <summary>
/// The client's calls: one loop ships a widget at a time, another counts them, each printing what became of every call.
/// They go on through the crashes, and count what happened: failed, sent again, or waited for the reconnect.
/// </summary>
internal sealed class Traffic(IWarehouse warehouse)
{
    public const string Item = "widget";

    // No DefaultCallTimeout yet (see the TODO in Program.cs): each call bounds its own wait with a token.
    private static readonly TimeSpan s_callTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan s_pause = TimeSpan.FromMilliseconds(300);

    private volatile int _server;
    private bool _outage; // the ship loop's: its last ship was lost with its connection, so this one is made while it is down
    private int _calls;
    private int _failed;
    private int _retried;
    private int _waited;
    private int _unexpected;

    /// <summary>The server child started last: a count asked of it but answered by the next one was sent again.</summary>
    public int Server
    {
        set => _server = value;
    }

    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Calls that failed, each a ship in flight when its server crashed, unless <see cref="Unexpected"/> says otherwise.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>Counts in flight at a crash that Romp sent again after the reconnect.</summary>
    public int Retried => Volatile.Read(ref _retried);

    /// <summary>Ships made during an outage, which waited for the reconnect.</summary>
    public int Waited => Volatile.Read(ref _waited);

    /// <summary>Failures this sample does not expect: anything but a ship lost with its connection.</summary>
    public int Unexpected => Volatile.Read(ref _unexpected);

    /// <summary>Runs both loops until <paramref name="stop"/> is cancelled.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(LoopAsync("ship", ShipAsync, stop), LoopAsync("count", CountAsync, stop));

    // Calls until stopped, pausing between calls unless a call says to go on at once.
    private async Task LoopAsync(string name, Func<CancellationToken, Task<bool>> callOnce, CancellationToken stop)
    {
        while (true)
        {
            bool pause = true;
            try
            {
                pause = await callOnce(stop);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return; // stopped, or failed because the client was closed on the way out
            }
            catch (Exception error)
            {
                Fail(name, error);
            }

            if (pause && !await PauseAsync(stop))
                return;
        }
    }

    // Returns false to make the next ship at once, while the connection is down.
    private async Task<bool> ShipAsync(CancellationToken stop)
    {
        long started = Stopwatch.GetTimestamp();
        try
        {
            Stock stock = await CallAsync(token => warehouse.ShipAsync(Item, 1, token), stop);
            string note = "";
            if (_outage)
            {
                Interlocked.Increment(ref _waited);
                note = $", made during the outage: it waited {Stopwatch.GetElapsedTime(started).TotalSeconds:0.0} s for the reconnect";
                _outage = false;
            }

            Timeline.Print($"ship      1 {stock.Item} -> {stock.Count} left (server {stock.Server}){note}");
            return true;
        }
        catch (RompException error) when (error.Error == RompError.ConnectionBroken)
        {
            Interlocked.Increment(ref _failed);
            Timeline.Print($"ship      failed: {error.Error} ({error.Message}) Not idempotent, so not sent again");
            _outage = true;
            return false;
        }
    }

    private async Task<bool> CountAsync(CancellationToken stop)
    {
        int askedOf = _server;
        Stock stock = await CallAsync(token => warehouse.CountAsync(Item, token), stop);
        string note = "";
        if (stock.Server != askedOf)
        {
            Interlocked.Increment(ref _retried);
            note = $", asked of server {askedOf} before it crashed: [Idempotent], so sent again after the reconnect";
        }

        Timeline.Print($"count     {stock.Item}: {stock.Count} (server {stock.Server}){note}");
        return true;
    }

    private async Task<Stock> CallAsync(Func<CancellationToken, ValueTask<Stock>> call, CancellationToken stop)
    {
        Interlocked.Increment(ref _calls);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(s_callTimeout);
        return await call(timeout.Token);
    }

    private void Fail(string call, Exception error)
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Increment(ref _unexpected);
        string what = error is OperationCanceledException ? $"no answer within {s_callTimeout.TotalSeconds:0} s" : $"{error.GetType().Name}: {error.Message}";
        Timeline.Print($"{call,-9} failed unexpectedly, {what}");
    }

    private static async Task<bool> PauseAsync(CancellationToken stop)
    {
        try
        {
            await Task.Delay(s_pause, stop);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
