using Romp.Bench.Raw;

namespace Romp.Bench.Scenarios;

/// <summary>A scenario on the raw floor: blocking calls on the caller's thread, no Romp.</summary>
internal abstract class RawScenario(string name, string unit, string endpoint) : Scenario(name, unit)
{
    private RawConnection? _connection;

    public override ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _connection = RawConnection.Connect(endpoint);
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
