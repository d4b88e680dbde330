using System.Globalization;

namespace Romp.Cli;

/// <summary>Latencies measured by ping and bench: percentiles, and a histogram on a doubling scale. Keeps at most <see cref="MaxSamples"/>.</summary>
internal sealed class Latencies
{
    public const int MaxSamples = 1_000_000;

    // Bucket i holds latencies below s_bounds[i] microseconds; the last one everything above.
    private static readonly double[] s_bounds = [25, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, double.PositiveInfinity];

    private readonly List<double> _microseconds = new();
    private readonly long[] _buckets = new long[s_bounds.Length];

    public int Count => _microseconds.Count;

    public long Errors { get; private set; }

    public void Add(TimeSpan latency)
    {
        double us = latency.TotalMicroseconds;
        if (_microseconds.Count < MaxSamples)
            _microseconds.Add(us);
        int bucket = 0;
        while (us >= s_bounds[bucket])
            bucket++;
        _buckets[bucket]++;
    }

    public void AddError() => Errors++;

    public double Percentile(double p)
    {
        if (_microseconds.Count == 0)
            return double.NaN;
        double[] sorted = [.. _microseconds];
        Array.Sort(sorted);
        int index = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Length - 1)];
    }

    public double Min => _microseconds.Count == 0 ? double.NaN : _microseconds.Min();

    public double Max => _microseconds.Count == 0 ? double.NaN : _microseconds.Max();

    public double Mean => _microseconds.Count == 0 ? double.NaN : _microseconds.Average();

    /// <summary>The buckets that have any latencies, with their labels (<c>&lt; 100 µs</c>).</summary>
    public IEnumerable<(string Label, long Count)> Histogram()
    {
        for (int i = 0; i < _buckets.Length; i++)
        {
            if (_buckets[i] == 0)
                continue;
            yield return (i == _buckets.Length - 1 ? "≥ " + Format(s_bounds[i - 1]) : "< " + Format(s_bounds[i]), _buckets[i]);
        }
    }

    public string Summary() =>
        $"min {Format(Min)}, mean {Format(Mean)}, p50 {Format(Percentile(50))}, p90 {Format(Percentile(90))}, p99 {Format(Percentile(99))}, max {Format(Max)}";

    public static string Format(double microseconds) => double.IsNaN(microseconds)
        ? "-"
        : microseconds < 1_000
            ? microseconds.ToString("0.0", CultureInfo.InvariantCulture) + " µs"
            : (microseconds / 1_000).ToString("0.00", CultureInfo.InvariantCulture) + " ms";
}
