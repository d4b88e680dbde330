namespace Romp.Hosting;

/// <summary>Doubling delays with jitter, up to a ceiling, for a number of attempts or forever (<see cref="RompReconnectPolicy.Exponential"/>).</summary>
internal sealed class ExponentialReconnectPolicy : RompReconnectPolicy
{
    private const double Jitter = 0.2;

    private readonly TimeSpan _initialDelay;
    private readonly TimeSpan _maxDelay;
    private readonly int? _maxAttempts;
    private readonly bool _waitForReconnect;

    public ExponentialReconnectPolicy(TimeSpan initialDelay, TimeSpan maxDelay, int? maxAttempts, bool waitForReconnect)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDelay, initialDelay);
        if (maxAttempts is < 1)
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), maxAttempts, "maxAttempts must be at least 1, or null to try forever.");
        _initialDelay = initialDelay;
        _maxDelay = maxDelay;
        _maxAttempts = maxAttempts;
        _waitForReconnect = waitForReconnect;
    }

    public override bool WaitForReconnect => _waitForReconnect;

    public override TimeSpan? NextDelay(int attempt, RompException lastError)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt > _maxAttempts)
            return null;
        // 2^(attempt - 1) times the initial delay; past 2^30 it is over any sane ceiling anyway.
        double ticks = Math.Min(_initialDelay.Ticks * Math.Pow(2, Math.Min(attempt - 1, 30)), _maxDelay.Ticks);
        ticks *= 1 + Jitter * (2 * Random.Shared.NextDouble() - 1);
        return TimeSpan.FromTicks((long)Math.Min(ticks, _maxDelay.Ticks));
    }

    public override string ToString() =>
        $"exponential from {_initialDelay.TotalSeconds:0.###} s to {_maxDelay.TotalSeconds:0.###} s, {(_maxAttempts is { } max ? $"{max} attempts" : "forever")}";
}
