using System.Diagnostics;
using System.Net;
using Romp.Fuzz.Mutation;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Live;

/// <summary>
/// The live level: a real <see cref="RompServer"/> in this process on tcp://127.0.0.1:0, fuzzed over many raw
/// sockets at once while a <see cref="Canary"/> keeps calling it on its own connection. Afterwards the server must
/// be back where it started: only the canary connected, and its managed memory within <see cref="FuzzOptions.MemoryBound"/>.
/// </summary>
internal sealed class LiveFuzzer
{
    /// <summary>
    /// The fuzzed server's max frame, 64 KiB: frames of "huge" length are refused rather than buffered, a nesting bomb
    /// still fits 6,000 levels (twelve times the limit), and the pools that payloads come from (the shared array pool
    /// for calls, the block pool for pipes) keep buffers of at most this size, which keeps the memory bound meaningful.
    /// </summary>
    public const int MaxFrame = 64 * 1024;

    /// <summary>The fuzzed server's frame read timeout (RompConnectionOptions.FrameReadTimeout).</summary>
    public static readonly TimeSpan FrameReadTimeout = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan s_settleTimeout = TimeSpan.FromSeconds(20);

    private readonly IReadOnlyList<Conversation> _conversations;
    private readonly FuzzOptions _options;
    private readonly FuzzFindings _findings;
    private readonly FuzzStats _stats;
    private readonly Mutator _mutator = new(MaxFrame);
    private readonly ValidCalls _valid = new();
    private long _next = -1;

    public LiveFuzzer(IReadOnlyList<Conversation> conversations, FuzzOptions options, FuzzFindings findings, FuzzStats stats)
    {
        _conversations = conversations;
        _options = options;
        _findings = findings;
        _stats = stats;
    }

    public async Task RunAsync(TimeSpan duration, CancellationToken cancellationToken)
    {
        // Unobserved exceptions surface when the GC finalizes their tasks: flush what this process left before (other
        // tests, in a test run) so that the watch sees only this run's.
        ManagedMemory();
        await using FuzzedServer fuzzed = await FuzzedServer.StartAsync(_valid, _findings, _stats, cancellationToken).ConfigureAwait(false);
        RompServer server = fuzzed.Server;
        CallMonitor monitor = fuzzed.Monitor;
        var conversation = new LiveConversation(fuzzed.Endpoint, MaxFrame, _valid, _findings, _stats);

        await using Canary canary = await Canary.ConnectAsync(server.Endpoint, _findings, _stats, cancellationToken).ConfigureAwait(false);
        await WarmUpAsync(conversation, canary, cancellationToken).ConfigureAwait(false);
        await SettleAsync(server, 1, cancellationToken).ConfigureAwait(false);
        _stats.MemoryBefore = ManagedMemory();

        long started = Stopwatch.GetTimestamp();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        stop.CancelAfter(duration);
        Task canaryRun = canary.RunAsync(long.MaxValue, stop.Token);
        var workers = new List<Task>();
        for (int i = 0; i < _options.Connections; i++)
            workers.Add(Task.Run(() => WorkAsync(conversation, stall: false, stop.Token), CancellationToken.None));
        // One more worker only stalls: each of its conversations stops mid-frame and waits for the server to hang up.
        workers.Add(Task.Run(() => WorkAsync(conversation, stall: true, stop.Token), CancellationToken.None));
        await Task.WhenAll(workers).ConfigureAwait(false);
        await canaryRun.ConfigureAwait(false);
        _stats.LiveElapsed = Stopwatch.GetElapsedTime(started);

        // The canary answers after the storm too, and then the server must be back to the canary alone.
        try
        {
            await canary.CallAsync(0).WaitAsync(Canary.MaxGap, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (error is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _findings.Report("canary-failed", $"the canary's call after the run failed: {error.GetType()}: {error.Message}");
        }

        if (_stats.CanaryCalls == 0)
            _findings.Report("canary-failed", "the canary made no call during the run");
        await SettleAsync(server, 1, cancellationToken).ConfigureAwait(false);
        _stats.ConnectionsAfter = server.ConnectionCount;
        if (server.ConnectionCount != 1)
            _findings.Report("connection-count-leak", $"RompServer.ConnectionCount is {server.ConnectionCount} after the run, with only the canary connected ({_stats.Conversations} connections were fuzzed)");

        // A call the server received before its connection closed still runs after the close, cancelled: the count being
        // back to 1 does not mean the fuzzed calls are over, and forgetting them now would flag the late ones as invalid.
        await CallsFinishedAsync(server, cancellationToken).ConfigureAwait(false);
        _valid.Clear();
        _stats.MemoryAfter = ManagedMemory();
        long growth = _stats.MemoryAfter - _stats.MemoryBefore;
        if (growth > _options.MemoryBound)
            _findings.Report("memory-growth", $"the server's managed memory grew {growth / 1024.0 / 1024.0:0.0} MiB over the run, above the bound of {_options.MemoryBound / 1024.0 / 1024.0:0.0} MiB");
        _stats.UserCalls = monitor.Calls;
        _stats.MutatedCalls = monitor.MutatedCalls;
        if (monitor.Calls == 0)
            _findings.Report("no-user-calls", "no fuzzed call reached the target: the replays are not reaching user code");
    }

    /// <summary>Sends one conversation to a fresh server and checks that the server is left as it was found.</summary>
    public async Task ReplayOneAsync(MutatedConversation mutated, string context, CancellationToken cancellationToken)
    {
        await using FuzzedServer fuzzed = await FuzzedServer.StartAsync(_valid, _findings, _stats, cancellationToken).ConfigureAwait(false);
        var conversation = new LiveConversation(fuzzed.Endpoint, MaxFrame, _valid, _findings, _stats);
        await conversation.RunAsync(mutated, context, null, cancellationToken).ConfigureAwait(false);
        await SettleAsync(fuzzed.Server, 0, cancellationToken).ConfigureAwait(false);
        if (fuzzed.Server.ConnectionCount != 0)
            _findings.Report("connection-count-leak", $"{context}: RompServer.ConnectionCount is {fuzzed.Server.ConnectionCount} after the conversation ended");
    }

    /// <summary>Live conversation <paramref name="index"/> of <paramref name="seed"/>, exactly as a run sends it.</summary>
    public static MutatedConversation Replay(IReadOnlyList<Conversation> conversations, int seed, long index, out string context)
    {
        var random = new Random(FuzzSeed.Of(seed, index, FuzzSeed.LiveLevel));
        Conversation source = conversations[random.Next(conversations.Count)];
        MutatedConversation mutated = new Mutator(MaxFrame).Mutate(source, random);
        context = $"live conversation {index} of seed {seed} ({source.Name}: {mutated.Mutations})";
        return mutated;
    }

    private async Task WorkAsync(LiveConversation conversation, bool stall, CancellationToken stop)
    {
        // Bounded in time by stop and in count by MaxConversations; each conversation is bounded by its own timeout.
        while (!stop.IsCancellationRequested)
        {
            long index = Interlocked.Increment(ref _next);
            if (index >= _options.MaxConversations)
                return;
            int level = stall ? FuzzSeed.StallLevel : FuzzSeed.LiveLevel;
            var random = new Random(FuzzSeed.Of(_options.Seed, index, level));
            Conversation source = _conversations[random.Next(_conversations.Count)];
            MutatedConversation mutated = _mutator.Mutate(source, random);
            string context = $"{(stall ? "stall" : "live")} conversation {index} of seed {_options.Seed} ({source.Name}: {mutated.Mutations})";
            (int, TimeSpan)? stallAt = stall ? StallPoint(mutated.Bytes, random) : null;
            try
            {
                await conversation.RunAsync(mutated, context, stallAt, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception error)
            {
                _findings.Report("fuzzer-error", $"{context}: {error}");
            }
        }
    }

    /// <summary>A point strictly inside a frame the server reads (its header valid), for a stall the server must end.</summary>
    private static (int, TimeSpan)? StallPoint(byte[] bytes, Random random)
    {
        if (WireParser.CheckHello(bytes) != HelloCheck.Valid)
            return null;
        WireParse parse = WireParser.Parse(bytes, WireType.HelloSize, MaxFrame);
        if (parse.Frames.Count == 0)
            return null;
        WireFrame frame = parse.Frames[random.Next(parse.Frames.Count)];
        int inside = frame.Offset + 1 + random.Next(frame.End - frame.Offset - 1);
        return (inside, FrameReadTimeout);
    }

    /// <summary>Every recorded conversation once, intact and all at once: JIT, pools and caches at their working size.</summary>
    private async Task WarmUpAsync(LiveConversation conversation, Canary canary, CancellationToken cancellationToken)
    {
        var runs = new List<Task>();
        for (int round = 0; round < 2; round++)
        {
            foreach (Conversation source in _conversations)
            {
                byte[] bytes = source.ToBytes();
                SendPlan planned = new Mutator(MaxFrame).Plan(bytes, new Random(round));
                var plan = new SendPlan(planned.Cuts, planned.Barriers, Ending.HalfClose);
                runs.Add(conversation.RunAsync(new MutatedConversation(source.Name, bytes, "intact", plan), $"warm-up {source.Name}", null, cancellationToken));
            }
        }

        for (int i = 0; i < 40; i++)
            runs.Add(canary.CallAsync(i));
        await Task.WhenAll(runs).ConfigureAwait(false);
    }

    /// <summary>Waits (bounded) for every fuzzing connection to be gone, leaving <paramref name="remaining"/>.</summary>
    private static async Task SettleAsync(RompServer server, int remaining, CancellationToken cancellationToken)
    {
        // ConnectionCount is what is being checked and has no change notification, so it is polled, within a bound.
        long started = Stopwatch.GetTimestamp();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (server.ConnectionCount > remaining && Stopwatch.GetElapsedTime(started) < s_settleTimeout)
            await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Waits (bounded) for every call the closed fuzzing connections received to have finished.</summary>
    private async Task CallsFinishedAsync(RompServer server, CancellationToken cancellationToken)
    {
        try
        {
            await server.WhenClosedConnectionsFinishedAsync().WaitAsync(s_settleTimeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // The target's methods end within a second or two once cancelled: a call still running is stuck, or its
            // connection's count of calls in progress never came back to zero.
            _findings.Report("calls-outlived-connection", $"calls received by closed connections were still running {s_settleTimeout.TotalSeconds:0} s after the run");
        }
    }

    private static long ManagedMemory()
    {
        // Finalizers release proxies and return buffers; collect again for what they freed.
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
