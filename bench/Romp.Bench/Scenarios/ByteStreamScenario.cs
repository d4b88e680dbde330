using System.Diagnostics;

namespace Romp.Bench.Scenarios;

/// <summary>
/// A gigabyte each way as a byte stream: <c>CountAsync(Stream)</c> reads a generated 1 GiB argument while the call runs,
/// then the caller reads a 1 GiB <c>Produce</c> result to its end. Neither side holds more than its window, so the
/// allocations per byte (B/op) stay tiny and the client's working set does not grow with the size. The rate is
/// megabytes (10^6) per second; the warm-up moves 32 MiB each way instead.
/// </summary>
internal sealed class ByteStreamScenario(string endpoint, TextWriter output) : RompScenario(ScenarioNames.ByteStream, "MB/s", endpoint)
{
    private const long Size = 1024L * 1024 * 1024;
    private const long WarmupSize = 32L * 1024 * 1024;

    public override int Callers => 0;

    public override string? Note => "1 GiB up (a Stream argument) then 1 GiB down (a Stream result), whatever --seconds says; B/op is per byte moved";

    public override double Rate(RunResult run) => run.Operations / run.Seconds / 1_000_000;

    public override async ValueTask<RunResult> RunAsync(double seconds, LatencyRecorder[] recorders, CancellationToken cancellationToken)
    {
        // The runner warms up with at most a second: a smaller transfer then, the gigabytes for the measured run.
        long size = seconds <= 1 ? WarmupSize : Size;
        long start = Stopwatch.GetTimestamp();
        long uploaded = await Bench.CountAsync(new GeneratedBytes(size)).ConfigureAwait(false);
        if (uploaded != size)
            throw new BenchFailedException($"{Name}: the server counted {uploaded:N0} of the {size:N0} bytes sent.");
        long middle = Stopwatch.GetTimestamp();

        long downloaded = 0;
        await using (Stream result = Bench.Produce(size))
        {
            byte[] buffer = new byte[64 * 1024];
            int read;
            while ((read = await result.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                downloaded += read;
        }

        long end = Stopwatch.GetTimestamp();
        if (downloaded != size)
            throw new BenchFailedException($"{Name}: read {downloaded:N0} of the {size:N0} bytes produced.");
        if (size == Size)
        {
            output.WriteLine(
                $"{Name}: 1 GiB up in {Seconds(middle - start):0.00} s, down in {Seconds(end - middle):0.00} s; client peak working set {Process.GetCurrentProcess().PeakWorkingSet64 / (1024 * 1024)} MiB");
        }

        return new RunResult(2 * size, Seconds(end - start));
    }
}
