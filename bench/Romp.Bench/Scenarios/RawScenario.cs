using Romp.Bench.Raw;

namespace Romp.Bench.Scenarios;

/// <summary>
/// A scenario on the raw floor: blocking calls on the caller's thread, no Romp. With <paramref name="busyPoll"/> the
/// socket is non-blocking and waits spin instead (against a server that busy-polls too).
/// </summary>
internal abstract class RawScenario(string name, string unit, string endpoint, bool busyPoll = false) : Scenario(name, unit)
{
    private RawConnection? _connection;

    /// <summary>True when both sides spin on non-blocking sockets instead of sleeping in the kernel.</summary>
    protected bool BusyPoll => busyPoll;

    public override ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _connection = RawConnection.Connect(endpoint, busyPoll);
        return default;
    }

    public override ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken) =>
        new(Run(_connection ?? throw new InvalidOperationException("Not connected."), seconds, recorders, cancellationToken));

    public override ValueTask DisposeAsync()
    {
        _connection?.Dispose();
        return default;
    }

    protected abstract RunResult Run(RawConnection connection, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken);
}
