using System.Globalization;

namespace Romp.Fuzz;

/// <summary>How long, how hard and from which seed to fuzz; parsed from the command line by <see cref="Parse"/>.</summary>
public sealed class FuzzOptions
{
    /// <summary>The run's seed: the same seed replays the same conversations in the same order.</summary>
    public int Seed { get; set; } = 1;

    /// <summary>How long the whole run takes, both levels together.</summary>
    public TimeSpan Duration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Which levels to run.</summary>
    public FuzzLevel Level { get; set; } = FuzzLevel.All;

    /// <summary>The share of <see cref="Duration"/> the pure level gets when both run (it goes first).</summary>
    public double PureShare { get; set; } = 0.25;

    /// <summary>How many raw fuzzing connections are open at once.</summary>
    public int Connections { get; set; } = 8;

    /// <summary>A cap on live conversations, whatever the time left.</summary>
    public long MaxConversations { get; set; } = long.MaxValue;

    /// <summary>A cap on pure iterations, whatever the time left.</summary>
    public long MaxIterations { get; set; } = long.MaxValue;

    /// <summary>
    /// How far the process's managed memory may grow over the live run, after a full collection (default 16 MiB).
    /// The baseline is taken after a warm-up at the same concurrency. What may be left above it is what the pools keep
    /// between bursts: the shared array pool's per-core and per-thread caches of call payloads, and the block pool's
    /// 64 KiB pipe blocks that were in use at once; the fuzzed server's 64 KiB max frame bounds both. A leak per
    /// connection, times the tens of thousands of connections a run makes, is far above it.
    /// </summary>
    public long MemoryBound { get; set; } = 16L << 20;

    /// <summary>Replays one live conversation of <see cref="Seed"/> alone and prints it, instead of a run.</summary>
    public long? Replay { get; set; }

    /// <summary>Parses <c>--minutes N</c>, <c>--seconds N</c>, <c>--seed S</c>, <c>--level pure|live|all</c>, <c>--connections N</c>, <c>--replay I</c>.</summary>
    /// <exception cref="ArgumentException">An unknown option or a bad value.</exception>
    public static FuzzOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FuzzOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            switch (name)
            {
                case "--minutes":
                    options.Duration = TimeSpan.FromMinutes(double.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--seconds":
                    options.Duration = TimeSpan.FromSeconds(double.Parse(Value(), CultureInfo.InvariantCulture));
                    break;
                case "--seed":
                    options.Seed = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--level":
                    options.Level = Enum.Parse<FuzzLevel>(Value(), ignoreCase: true);
                    break;
                case "--connections":
                    options.Connections = int.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                case "--replay":
                    options.Replay = long.Parse(Value(), CultureInfo.InvariantCulture);
                    break;
                default:
                    throw new ArgumentException($"Unknown option '{name}'. Options: --minutes N | --seconds N, --seed S, --level pure|live|all, --connections N, --replay I.");
            }
        }

        if (options.Duration <= TimeSpan.Zero || options.Connections < 1)
            throw new ArgumentException("The duration and the connection count must be positive.");
        return options;
    }
}
