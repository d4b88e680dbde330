using System.Collections.Generic;
using System.Globalization;

namespace Romp.Generators.Parsing;

/// <summary>
/// Gives each distinct key a name unique within one generated container: the preferred name, or that name numbered
/// 2, 3, ... when another key already took it. The same key always gets the same name.
/// </summary>
internal sealed class UniqueNames
{
    private readonly Dictionary<string, string> _nameByKey = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(System.StringComparer.Ordinal);

    /// <summary>The name of <paramref name="key"/>; <paramref name="added"/> says whether this call gave it.</summary>
    public string Get(string key, string preferred, out bool added)
    {
        added = !_nameByKey.TryGetValue(key, out string? name);
        if (added)
        {
            name = preferred;
            for (int n = 2; !_used.Add(name); n++)
                name = preferred + n.ToString(CultureInfo.InvariantCulture);
            _nameByKey.Add(key, name);
        }

        return name!;
    }
}
