using System.Collections.Concurrent;

namespace Romp.Fuzz;

/// <summary>
/// Everything the fuzzer found wrong, by kind. Thread-safe; keeps every count but only the first few details of each
/// kind, so a bug that fires a million times does not become the memory growth the run is checking for.
/// </summary>
public sealed class FuzzFindings
{
    private const int DetailsPerKind = 5;

    // Owned here: each kind's count and first details; the lock guards the detail lists only.
    private readonly ConcurrentDictionary<string, long> _counts = new();
    private readonly Dictionary<string, List<string>> _details = new();

    /// <summary>True when nothing was found.</summary>
    public bool IsEmpty => _counts.IsEmpty;

    /// <summary>How many findings there are of every kind.</summary>
    public IReadOnlyDictionary<string, long> Counts => _counts;

    /// <summary>Records one finding of <paramref name="kind"/>; <paramref name="detail"/> says what and how to reproduce it.</summary>
    public void Report(string kind, string detail)
    {
        _counts.AddOrUpdate(kind, 1, static (_, n) => n + 1);
        lock (_details)
        {
            if (!_details.TryGetValue(kind, out List<string>? list))
                _details[kind] = list = new List<string>();
            if (list.Count < DetailsPerKind)
                list.Add(detail);
        }
    }

    /// <summary>The first details of <paramref name="kind"/>.</summary>
    public IReadOnlyList<string> Details(string kind)
    {
        lock (_details)
            return _details.TryGetValue(kind, out List<string>? list) ? list.ToArray() : [];
    }

    /// <summary>Every kind with its count and first details, one block per kind.</summary>
    public override string ToString()
    {
        var text = new System.Text.StringBuilder();
        foreach ((string kind, long count) in _counts.OrderBy(static p => p.Key, StringComparer.Ordinal))
        {
            text.Append("  ").Append(kind).Append(": ").Append(count).AppendLine();
            foreach (string detail in Details(kind))
                text.Append("    - ").AppendLine(detail);
        }

        return text.ToString();
    }
}
