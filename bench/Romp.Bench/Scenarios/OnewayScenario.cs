using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// N <c>Tick(i)</c> calls as fast as one thread can send them, then SYNC; the rate counts only calls the server has
/// processed, and only if its tick count grew by exactly the number sent.
/// </summary>
/// <remarks>
/// Romp buffers one-way calls the server has not read yet without bound (the sender never waits), so a sender given a
/// time limit instead of a count would queue many seconds of work and its SYNC would wait that long. N is therefore
/// sized from the end-to-end rate seen so far, so that send plus SYNC takes about the requested time.
/// </remarks>
internal sealed class OnewayScenario(string endpoint) : RompScenario(ScenarioNames.Oneway, "msgs/s", endpoint)
{
    private const int FirstBatch = 100_000;

    private double _processedPerSecond;

    public override int Callers => 0;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        IBench bench = Bench;
        long before = await bench.TicksAsync().ConfigureAwait(false);
        long start = Stopwatch.GetTimestamp();
        long deadline = Deadline(start, seconds);
        long now = start;
        long total = 0;
        while (Seconds(now - start) < seconds * 0.9 && !cancellationToken.IsCancellationRequested)
        {
            double remaining = seconds - Seconds(now - start);
            int count = _processedPerSecond > 0 ? (int)Math.Clamp(_processedPerSecond * remaining, 10_000, int.MaxValue / 2) : FirstBatch;
            long batchStart = now;
            int sent = 0;
            while (sent < count)
            {
                bench.Tick(sent);
                sent++;
                // The count is the bound; the clock only stops a sender far slower than the estimate.
                if ((sent & 1023) == 0 && (cancellationToken.IsCancellationRequested || Stopwatch.GetTimestamp() >= deadline))
                    break;
            }

            total += sent;
            // A cancelled run is abandoned: waiting for the server to work through the backlog would only delay Ctrl+C.
            cancellationToken.ThrowIfCancellationRequested();
            await Client.SyncAsync().WaitAsync(SyncTimeout).ConfigureAwait(false);
            now = Stopwatch.GetTimestamp();
            _processedPerSecond = sent / Math.Max(Seconds(now - batchStart), 1e-6);
        }

        await VerifyTicksAsync(before, total).ConfigureAwait(false);
        return new RunResult(total, Seconds(now - start));
    }
}
