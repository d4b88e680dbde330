using System.Collections.Concurrent;

namespace Romp.Telemetry;

/// <summary>
/// Attribute values that come from outside (a peer's exception type), bounded so they cannot grow the metric series
/// without end: the first <c>maxNames</c> distinct values of at most <c>maxLength</c> characters are reported as
/// themselves, and every other as <c>_OTHER</c>, as OpenTelemetry's conventions say for values past a bound.
/// </summary>
internal sealed class BoundedNames(int maxNames, int maxLength)
{
    private readonly ConcurrentDictionary<string, string> _known = new(StringComparer.Ordinal);

    public string Get(string value)
    {
        if (_known.TryGetValue(value, out string? known))
            return known;
        if (value.Length > maxLength || _known.Count >= maxNames)
            return RompInstruments.Other;
        // Threads racing past the count may add a few more than the bound: harmless, the bound is about growth.
        return _known.GetOrAdd(value, value);
    }
}
