namespace Romp.Fuzz;

/// <summary>
/// Derives the seed of one iteration from the run's seed, so that every conversation can be replayed alone with
/// <c>--replay</c>: what it sends depends on (seed, level, index) only, not on timing or on the iterations before it.
/// </summary>
internal static class FuzzSeed
{
    public const int PureLevel = 1;
    public const int LiveLevel = 2;
    public const int StallLevel = 3;

    public static int Of(int seed, long index, int level)
    {
        // SplitMix64: neighbouring indexes get unrelated seeds.
        ulong z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)index * 0xBF58476D1CE4E5B9UL + (ulong)level);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return (int)(z ^ (z >> 31));
    }
}
