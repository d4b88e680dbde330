using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// Everything at once for as long as asked, checking that nothing is lost and nothing accumulates:
/// <list type="bullet">
/// <item><see cref="CallWorkers"/> workers on the scenario's connection, each looping on a <see cref="SoakRound"/>
/// (calls, one-ways and their SYNC, a stream read to its end and one left early, references);</item>
/// <item>a churn worker: a client that connects, does a round, and disposes (every other one while it still holds a
/// reference), again and again;</item>
/// <item>a reconnecting client (<see cref="RompReconnectPolicy.Exponential"/>) doing rounds without one-ways, whose
/// connection the server cuts every <see cref="CutInterval"/> (<see cref="IBench.CutAsync"/>): it must come back each
/// time, and only its calls in flight at a cut may fail, with the connection's loss (<see cref="IsLossAtCut"/>).</item>
/// </list>
/// Every <see cref="ReportInterval"/> it prints the server's memory after full collections (<see cref="IBench.SnapshotAsync"/>)
/// and the client's counts. At the end, with all work stopped: every one-way ran exactly once, the server's exports and
/// connections are back to where they were, every cut was followed by one reconnect, and no other error happened.
/// </summary>
/// <remarks>
/// The runner's first run is its warm-up (<see cref="WarmupSeconds"/>): checked the same way, but silent, and without
/// the memory bound, since the JIT, the thread pool and the runtime's pools are still growing. The measured run's
/// first report is taken before its workers start and its last after they have stopped, each on a quiet server, so
/// that the two compare like with like; the reports between are taken under load and say how much it holds.
/// </remarks>
internal sealed class SoakScenario(string endpoint, TextWriter output) : RompScenario(ScenarioNames.Soak, "rounds/s", endpoint)
{
    /// <summary>Workers sharing the scenario's connection.</summary>
    public const int CallWorkers = 3;

    /// <summary>
    /// How much the server's heap after full collections may grow from the first report to the last. On the shared
    /// 2-core machine the quiet server's heap is about 1 MiB, and it moved by at most 0.13 MiB, either way, from the
    /// first report to the last in runs of 60 s and of 3 minutes. Leaks it was tried against cross it within the first
    /// minute: a pinned 64 KiB block kept per connection grew the heap by 121 MiB in 20 s, exports never removed by
    /// 4.5 MiB in 20 s.
    /// </summary>
    public const long HeapGrowthBound = 4L * 1024 * 1024;

    /// <summary>How long after its answer the server cuts the connection: calls of the next round are in flight by then.</summary>
    private const int CutDelayMilliseconds = 20;

    private static readonly TimeSpan ReportInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan CutInterval = TimeSpan.FromSeconds(2);

    /// <summary>How long a cut client may take to come back, and the server to forget closed connections, before the run fails.</summary>
    private static readonly TimeSpan ComeBackTimeout = TimeSpan.FromSeconds(30);

    private static readonly RompReconnectPolicy s_policy = RompReconnectPolicy.Exponential(
        TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(500), maxAttempts: 10);

    private readonly string _endpoint = endpoint;
    private readonly SemaphoreSlim _reconnected = new(0); // released on each reconnect; the cutter waits on it after each cut
    private readonly HashSet<long> _cut = []; // guarded by itself: ids of the reconnecting client's connections cut on purpose
    private RompClient? _reconnecting;
    private IBench? _reconnectingBench;
    private SoakTally? _tally; // the current run's: the reconnecting client's state changes count into it
    private int _runs;

    public override int Callers => 0;

    public override double? WarmupSeconds => BenchOptions.SoakWarmupSeconds;

    public override string Note =>
        $"a round is {SoakRound.Echoes} calls, {SoakRound.Oneways} one-ways and their SYNC (none on the reconnecting client), 2 streams and {SoakRound.References} references, by any worker; B/op is per round. The reports above the row have the server's memory; the run fails on any lost or wrong call, an unexpected error, a leaked export or connection, or a heap that grew by more than {HeapGrowthBound / (1024 * 1024)} MiB.";

    public override async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        await base.ConnectAsync(cancellationToken).ConfigureAwait(false);
        _reconnecting = new RompClient(_endpoint, new RompClientOptions { Reconnect = s_policy });
        _reconnecting.StateChanged += OnReconnectingStateChanged;
        await _reconnecting.StartAsync(cancellationToken).ConfigureAwait(false);
        _reconnectingBench = await _reconnecting.ResolveAsync<IBench>(BenchServer.ObjectName, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        bool measured = ++_runs > 1;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var tally = new SoakTally(stop);
        Volatile.Write(ref _tally, tally);

        long ticksBefore = await Bench.TicksAsync().ConfigureAwait(false);
        ServerSnapshot first = await Bench.SnapshotAsync().ConfigureAwait(false);
        if (measured)
        {
            SoakReport.WriteHeader(output, ReportInterval);
            SoakReport.WriteRow(output, 0, first, tally);
        }

        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        var workers = new List<Task>();
        for (int i = 0; i < CallWorkers; i++)
            workers.Add(WorkAsync($"call worker {i}", Client, Bench, onewaysOn: Client, tally, deadline, stop.Token));
        workers.Add(WorkAsync("reconnecting client", _reconnecting!, _reconnectingBench!, onewaysOn: null, tally, deadline, stop.Token));
        workers.Add(ChurnAsync(tally, deadline, stop.Token));
        workers.Add(CutAsync(tally, deadline, stop.Token));
        Task all = Task.WhenAll(workers);

        // Reports between the first and the last, under load; the loop ends early when a failure has stopped the run.
        for (long next = start + ToTicks(ReportInterval); next < deadline; next += ToTicks(ReportInterval))
        {
            await Task.WhenAny(all, DelayUntilAsync(next, CancellationToken.None)).ConfigureAwait(false);
            if (all.IsCompleted)
                break;
            if (measured)
                SoakReport.WriteRow(output, Seconds(Stopwatch.GetTimestamp() - start), await Bench.SnapshotAsync().ConfigureAwait(false), tally);
        }

        await all.ConfigureAwait(false); // the workers record their errors instead of throwing
        long end = Stopwatch.GetTimestamp();
        cancellationToken.ThrowIfCancellationRequested();

        ServerSnapshot last = await SettleAsync(first, tally).ConfigureAwait(false);
        long ticks = await Bench.TicksAsync().ConfigureAwait(false) - ticksBefore;
        if (measured)
        {
            SoakReport.WriteRow(output, Seconds(end - start), last, tally);
            SoakReport.WriteVerdict(output, first, last, HeapGrowthBound, tally);
        }

        List<string> failures = Check(first, last, ticks, tally, measured);
        if (failures.Count > 0)
            throw new BenchFailedException($"{Name}: {string.Join("; ", failures)}.");
        return new RunResult(tally.Rounds, Seconds(end - start));
    }

    public override async ValueTask DisposeAsync()
    {
        if (_reconnecting is not null)
        {
            _reconnecting.StateChanged -= OnReconnectingStateChanged;
            await _reconnecting.DisposeAsync().ConfigureAwait(false);
        }

        await base.DisposeAsync().ConfigureAwait(false);
        _reconnected.Dispose();
    }

    public override string Describe() =>
        $"{base.Describe()}; reconnecting client: {_reconnecting?.State.ToString() ?? "not connected"}, cuts {_tally?.Cuts ?? 0}, reconnects {_tally?.Reconnects ?? 0}";

    // A worker's rounds until the deadline. On the reconnecting client, the loss of a call in flight on a connection
    // cut on purpose is expected; any other error fails the run.
    private async Task WorkAsync(string worker, RompClient client, IBench bench, RompClient? onewaysOn, SoakTally tally, long deadline, CancellationToken stop)
    {
        await Task.Yield();
        for (int round = 0; Stopwatch.GetTimestamp() < deadline && !stop.IsCancellationRequested; round++)
        {
            long connection = client.Connection.Id;
            try
            {
                await SoakRound.RunAsync(bench, onewaysOn, tally, round).ConfigureAwait(false);
            }
            catch (RompException e) when (IsLossAtCut(e) && WasCut(connection))
            {
                tally.AddLostAtCut();
            }
            catch (Exception e)
            {
                tally.AddUnexpected(worker, e);
            }
        }
    }

    // Short-lived clients, one after the other: connect, one round, dispose; every other one leaves holding a
    // reference, which the server must drop with the connection.
    private async Task ChurnAsync(SoakTally tally, long deadline, CancellationToken stop)
    {
        await Task.Yield();
        for (int round = 0; Stopwatch.GetTimestamp() < deadline && !stop.IsCancellationRequested; round++)
        {
            try
            {
                RompClient client = await RompClient.ConnectAsync(_endpoint, cancellationToken: stop).ConfigureAwait(false);
                IBenchCounter? kept = null;
                try
                {
                    IBench bench = await client.ResolveAsync<IBench>(BenchServer.ObjectName, stop).ConfigureAwait(false);
                    await SoakRound.RunAsync(bench, onewaysOn: client, tally, round).ConfigureAwait(false);
                    if ((round & 1) == 0)
                        kept = await bench.CreateAsync().ConfigureAwait(false);
                }
                finally
                {
                    await client.DisposeAsync().ConfigureAwait(false);
                }

                GC.KeepAlive(kept); // never disposed: the connection's end releases it
                tally.AddClient();
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                tally.AddUnexpected("churn client", e);
            }
        }
    }

    // Every CutInterval, the reconnecting client asks the server to cut its connection, then waits for it to come back.
    private async Task CutAsync(SoakTally tally, long deadline, CancellationToken stop)
    {
        RompClient client = _reconnecting!;
        IBench bench = _reconnectingBench!;
        for (long next = Stopwatch.GetTimestamp() + (ToTicks(CutInterval) / 2); next < deadline; next += ToTicks(CutInterval))
        {
            try
            {
                await DelayUntilAsync(next, stop).ConfigureAwait(false);
                long connection = client.Connection.Id;
                lock (_cut)
                    _cut.Add(connection);
                try
                {
                    await bench.CutAsync(CutDelayMilliseconds).ConfigureAwait(false);
                }
                catch (RompException e) when (IsLossAtCut(e))
                {
                    // The cut overtook its own answer: a call in flight at a cut, like any other.
                    tally.AddLostAtCut();
                }

                tally.AddCut();
                if (!await _reconnected.WaitAsync(ComeBackTimeout, stop).ConfigureAwait(false))
                {
                    tally.AddUnexpected("cutter", new TimeoutException(
                        $"the reconnecting client did not come back within {ComeBackTimeout.TotalSeconds:0} s of cut {tally.Cuts:N0} (state {client.State}, close reason: {client.CloseReason?.Message ?? "none"})."));
                    return;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                tally.AddUnexpected("cutter", e);
                return;
            }
        }
    }

    // With all work stopped: what the releases and goodbyes sent last leaves on the server once it has processed them.
    // A SYNC on each long-lived client orders its releases; another client's goodbye is not ordered with anything
    // here, so the connection count is waited for (a little), and the snapshot that sees it is the last report.
    private async Task<ServerSnapshot> SettleAsync(ServerSnapshot first, SoakTally tally)
    {
        await Client.SyncAsync().WaitAsync(SyncTimeout).ConfigureAwait(false);
        try
        {
            await _reconnecting!.SyncAsync().WaitAsync(SyncTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RompException or TimeoutException)
        {
            tally.AddUnexpected("reconnecting client, at the end", e);
        }

        long giveUp = Deadline(Stopwatch.GetTimestamp(), ComeBackTimeout.TotalSeconds);
        while (true)
        {
            ServerSnapshot snapshot = await Bench.SnapshotAsync().ConfigureAwait(false);
            if (snapshot.Connections <= first.Connections || Stopwatch.GetTimestamp() >= giveUp)
                return snapshot;
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    private static List<string> Check(ServerSnapshot first, ServerSnapshot last, long ticks, SoakTally tally, bool measured)
    {
        var failures = new List<string>();
        if (tally.Unexpected > 0)
            failures.Add($"unexpected errors: {tally.DescribeUnexpected()}");
        if (ticks != tally.Oneways)
            failures.Add($"sent {tally.Oneways:N0} one-way calls but the server ran {ticks:N0}");
        // Only a leak raises a count; a connection of some other client closing meanwhile may lower it.
        if (last.Exports > first.Exports)
            failures.Add($"the server exports {last.Exports - first.Exports:N0} objects more than before the run ({last.Exports:N0}, was {first.Exports:N0})");
        if (last.Connections > first.Connections)
            failures.Add($"the server has {last.Connections - first.Connections:N0} connections more than before the run ({last.Connections:N0}, was {first.Connections:N0}) {ComeBackTimeout.TotalSeconds:0} s after the last client left");
        if (tally.Reconnects != tally.Cuts)
            failures.Add($"the reconnecting client came back {tally.Reconnects:N0} times after {tally.Cuts:N0} cuts: a connection was lost that no cut explains");
        if (measured && last.HeapBytes - first.HeapBytes > HeapGrowthBound)
            failures.Add($"the server's heap after full collections grew by {(last.HeapBytes - first.HeapBytes) / (1024.0 * 1024):0.00} MiB, more than the {HeapGrowthBound / (1024 * 1024)} MiB allowed");
        return failures;
    }

    private void OnReconnectingStateChanged(object? sender, RompStateChangedEventArgs e)
    {
        if (e.State == RompConnectionState.Connected && e.PreviousState == RompConnectionState.Reconnecting)
        {
            Volatile.Read(ref _tally)?.AddReconnect();
            _reconnected.Release();
        }
        else if (e.State == RompConnectionState.Closed && e.Reason is not null)
        {
            Volatile.Read(ref _tally)?.AddUnexpected("reconnecting client", e.Reason);
        }
    }

    /// <summary>What a call in flight at a cut gets, whichever of the connection's reader and writer sees the broken socket first.</summary>
    internal static bool IsLossAtCut(RompException error) => error.Error == RompError.ConnectionBroken;

    private bool WasCut(long connection)
    {
        lock (_cut)
            return _cut.Contains(connection);
    }

    private static Task DelayUntilAsync(long timestamp, CancellationToken cancellationToken)
    {
        TimeSpan wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), timestamp);
        return wait > TimeSpan.Zero ? Task.Delay(wait, cancellationToken) : Task.CompletedTask;
    }

    private static long ToTicks(TimeSpan interval) => (long)(interval.TotalSeconds * Stopwatch.Frequency);
}
