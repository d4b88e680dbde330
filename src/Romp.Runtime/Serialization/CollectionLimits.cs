namespace Romp.CompilerServices;

/// <summary>Bounds on what a reader pre-allocates for a count a peer sent, before the elements have been seen.</summary>
internal static class CollectionLimits
{
    /// <summary>
    /// Capacity reserved up front. Counts are already checked against the bytes that remain, but one byte of payload
    /// can stand for a much larger element in memory, so larger collections grow as their elements actually arrive.
    /// </summary>
    public const int MaxInitialCapacity = 1024;

    public static int InitialCapacity(int count) => Math.Min(count, MaxInitialCapacity);
}
