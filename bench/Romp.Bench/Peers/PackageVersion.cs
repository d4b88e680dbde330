using System.Reflection;

namespace Romp.Bench.Peers;

/// <summary>The version a peer library's assembly says it is, so that a run's header names exactly what was measured.</summary>
internal static class PackageVersion
{
    public static string Of(Type type)
    {
        string? version = type.Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(version))
            return type.Assembly.GetName().Version?.ToString() ?? "?";
        // "2.85.0+1a2b3c…": the commit after '+' says nothing a reader needs.
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version.Substring(0, plus);
    }
}
