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
}
