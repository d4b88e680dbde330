using System.Diagnostics;
using System.Globalization;

namespace Romp.Rpc;

/// <summary>
/// A moment on this process's monotonic clock (<see cref="Stopwatch"/>) by which a call must be done, with the time it
/// was given, for messages. The default value is no deadline. Only the remaining time crosses the wire (docs/protocol.md
/// §4.1): the peers' clocks need not agree.
/// </summary>
internal readonly struct Deadline
{
    /// <summary>The longest timeout there is: a call header carries milliseconds in a uint32, and timers take no more.</summary>
    public const uint MaxMilliseconds = uint.MaxValue - 1;

    private readonly long _timestamp; // Stopwatch ticks; 0 = none

    private Deadline(long timestamp, TimeSpan allowed, DeadlineSource source)
    {
        _timestamp = timestamp == 0 ? 1 : timestamp;
        Allowed = allowed;
        Source = source;
    }

    public bool IsNone => _timestamp == 0;

    /// <summary>The time the call was given when its deadline was set.</summary>
    public TimeSpan Allowed { get; }

    public DeadlineSource Source { get; }

    /// <summary>The time left, zero once passed; meaningless without a deadline.</summary>
    public TimeSpan Remaining
    {
        get
        {
            long ticks = _timestamp - Stopwatch.GetTimestamp();
            return ticks <= 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(0, ticks);
        }
    }

    public bool HasPassed => !IsNone && Stopwatch.GetTimestamp() >= _timestamp;

    /// <summary>What a call header carries: the whole milliseconds left, rounded down (the peer counts them from the frame's arrival).</summary>
    public uint RemainingMilliseconds => (uint)Math.Min((long)Remaining.TotalMilliseconds, MaxMilliseconds);

    /// <summary><paramref name="timeout"/> from now (at most <see cref="MaxMilliseconds"/>).</summary>
    public static Deadline After(TimeSpan timeout, DeadlineSource source)
    {
        if (timeout > TimeSpan.FromMilliseconds(MaxMilliseconds))
            timeout = TimeSpan.FromMilliseconds(MaxMilliseconds);
        long ticks = (long)(timeout.Ticks * ((double)Stopwatch.Frequency / TimeSpan.TicksPerSecond));
        return new Deadline(Stopwatch.GetTimestamp() + Math.Max(ticks, 0), timeout, source);
    }

    /// <summary>The earlier of the two; no deadline counts as the latest.</summary>
    public Deadline Earliest(Deadline other) =>
        IsNone ? other
        : other.IsNone ? this
        : other._timestamp < _timestamp ? other : this;

    /// <summary>The same moment, as inherited by the calls made while serving the call it bounds.</summary>
    public Deadline Inherited() => new(_timestamp, Remaining, DeadlineSource.ServedCall);

    /// <summary>
    /// The deadline of a call this side makes now: the earliest of the ambient one (a <see cref="RompDeadline.Within"/>
    /// scope, or the call being served) and now plus <paramref name="defaultTimeout"/>. With neither, no deadline, at the
    /// cost of one AsyncLocal read.
    /// </summary>
    public static Deadline ForOutgoingCall(TimeSpan? defaultTimeout)
    {
        Deadline ambient = RompDeadline.Ambient;
        return defaultTimeout is { } timeout ? ambient.Earliest(After(timeout, DeadlineSource.DefaultCallTimeout)) : ambient;
    }

    /// <summary>
    /// What the caller of a timed-out call gets: the call (by name when its <paramref name="contract"/> is known, as
    /// <c>Demo.ICalculator/Add</c>), the time it was allowed, and from where.
    /// </summary>
    public RompException TimeoutError(uint objectId, ushort methodId, bool isStream, RompObjectContract? contract = null)
    {
        string method = contract is not null ? contract.GetQualifiedMethodName(methodId) : $"{(isStream ? "method" : "Method")} {methodId}";
        string call = objectId == 0 ? "Resolving a name" : $"{(isStream ? "The stream of " : "")}{method} of the peer's object #{objectId}";
        string source = Source switch
        {
            DeadlineSource.Scope => "RompDeadline.Within",
            DeadlineSource.ServedCall => "what was left of the call being served",
            DeadlineSource.DefaultCallTimeout => "DefaultCallTimeout",
            _ => "the caller's deadline",
        };
        return new RompException(RompError.Timeout, $"{call} did not complete within {Describe(Allowed)} ({source}); it was cancelled.");
    }

    public static string Describe(TimeSpan time) =>
        time >= TimeSpan.FromSeconds(1)
            ? time.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s"
            : time.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms";
}
