namespace Romp.Cli;

/// <summary>When ping and bench stop: after a count, after a duration, whichever comes first; always bounded.</summary>
internal readonly record struct Limits(long Count, TimeSpan Duration)
{
    /// <summary>No run goes on longer than this, whatever it was asked.</summary>
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(1);

    public static Limits From(long? count, double? seconds, long defaultCount)
    {
        if (count is <= 0)
            throw new CliException(ExitCode.Usage, "--count must be positive.");
        if (seconds is { } s && !(s > 0 && s <= MaxDuration.TotalSeconds))
            throw new CliException(ExitCode.Usage, $"--duration must be between 0 and {MaxDuration.TotalSeconds:0} seconds.");
        return new Limits(
            count ?? (seconds is null ? defaultCount : Latencies.MaxSamples),
            seconds is { } d ? TimeSpan.FromSeconds(d) : MaxDuration);
    }

    public bool Continues(long done, TimeSpan elapsed) => done < Count && elapsed < Duration;
}
