using System.Diagnostics;
using Romp.Bench.Raw;

namespace Romp.Bench.Scenarios;

/// <summary>The floor under <see cref="OnewayScenario"/>: one-way frames as fast as one thread can send, then a SYNC.</summary>
internal sealed class RawOnewayScenario(string endpoint) : RawScenario(ScenarioNames.RawOneway, "msgs/s", endpoint)
{
    public override int Callers => 0;

    protected override RunResult Run(RawConnection connection, double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        long start = Stopwatch.GetTimestamp();
        long deadline = start + (long)(seconds * Stopwatch.Frequency);
        int sent = 0;
        while (sent < int.MaxValue)
        {
            connection.Oneway(sent);
            sent++;
            if ((sent & 255) == 0 && (Stopwatch.GetTimestamp() >= deadline || cancellationToken.IsCancellationRequested))
                break;
        }

        long seen = connection.Sync();
        long end = Stopwatch.GetTimestamp();
        if (seen != connection.OnewaysSent)
            throw new BenchFailedException($"{Name}: sent {connection.OnewaysSent:N0} frames but the server read {seen:N0}.");
        return new RunResult(sent, (double)(end - start) / Stopwatch.Frequency);
    }
}
