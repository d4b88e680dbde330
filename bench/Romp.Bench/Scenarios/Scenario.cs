using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// One load shape. <see cref="RunAsync"/> runs it for a while (the warm-up, then the measured interval) on a connection
/// opened by <see cref="ConnectAsync"/>, and reports what it did; allocation and timing around it are the runner's job.
/// </summary>
internal abstract class Scenario : IAsyncDisposable
{
    protected Scenario(string name, string unit)
    {
        Name = name;
        Unit = unit;
    }

    public string Name { get; }

    /// <summary>The unit of <see cref="Rate"/>.</summary>
    public string Unit { get; }

    /// <summary>How many concurrent callers record latencies (0: the scenario has no per-call latency).</summary>
    public virtual int Callers => 1;

    /// <summary>What the transport column says, or null for the transport the command line chose (tcp or unix).</summary>
    public virtual string? Transport => null;

    /// <summary>The unmeasured run before the measured one, or null for the command line's default.</summary>
    public virtual double? WarmupSeconds => null;

    /// <summary>What the numbers really measure, when the name alone would mislead (printed under the table, and in the JSON).</summary>
    public virtual string? Note => null;

    public abstract ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Runs until <paramref name="seconds"/> have passed or a recorder is full, and completes only once the server has
    /// processed everything it was sent. Throws <see cref="BenchFailedException"/> when the server did not see every call.
    /// </summary>
    public abstract ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken);

    /// <summary>The rate in <see cref="Unit"/>; most scenarios count operations per second.</summary>
    public virtual double Rate(RunResult run) => run.Operations / run.Seconds;

    /// <summary>The connection's state, for the message of a run that hung.</summary>
    public virtual string Describe() => "no details";

    public abstract ValueTask DisposeAsync();

    protected static long Deadline(long start, double seconds) => start + (long)(seconds * Stopwatch.Frequency);

    protected static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    /// <summary>
    /// Starts one <paramref name="caller"/> per recorder, all on this connection, each running until the deadline, and
    /// adds up the operations they return.
    /// </summary>
    protected static async ValueTask<RunResult> RunCallersAsync(
        double seconds, LatencyRecorder[] recorders, Func<LatencyRecorder, long, CancellationToken, Task<long>> caller, CancellationToken cancellationToken)
    {
        var callers = new Task<long>[recorders.Length];
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        for (int i = 0; i < callers.Length; i++)
            callers[i] = caller(recorders[i], deadline, cancellationToken);
        await Task.WhenAll(callers).ConfigureAwait(false);
        long end = Stopwatch.GetTimestamp();

        long operations = 0;
        foreach (Task<long> done in callers)
            operations += done.Result;
        return new RunResult(operations, Seconds(end - start));
    }

    /// <summary>
    /// One caller, one call at a time until the deadline: each call is timed into <paramref name="latency"/>, and one
    /// whose result <paramref name="isRight"/> rejects fails the run. Both delegates are static, so the loop allocates
    /// nothing per call, and Romp and its peers pay the same indirect calls.
    /// </summary>
    protected async ValueTask<RunResult> RunCallLoopAsync<TClient, TResult>(
        TClient client, Func<TClient, int, ValueTask<TResult>> call, Func<TClient, int, TResult, bool> isRight,
        double seconds, LatencyRecorder latency, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        int calls = 0;
        while (now < deadline && !latency.IsFull && !cancellationToken.IsCancellationRequested)
        {
            TResult result = await call(client, calls).ConfigureAwait(false);
            long after = Stopwatch.GetTimestamp();
            latency.Record(after - now);
            now = after;
            if (!isRight(client, calls, result))
                throw new BenchFailedException($"{Name}: call {calls} returned something other than what it was sent.");
            calls++;
        }

        return new RunResult(calls, Seconds(now - start));
    }

    /// <summary><see cref="RunCallLoopAsync"/> for an echo of the call's number.</summary>
    protected ValueTask<RunResult> RunEchoLoopAsync<TClient>(
        TClient client, Func<TClient, int, ValueTask<int>> echo, double seconds, LatencyRecorder latency, CancellationToken cancellationToken) =>
        RunCallLoopAsync(client, echo, static (_, call, echoed) => echoed == call, seconds, latency, cancellationToken);
}
