using System.Text;

namespace Romp.Generators.Parsing;

/// <summary>The 64-bit FNV-1a hash that identifies a contract: equal on both sides exactly when their signatures agree.</summary>
internal static class ContractId
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Compute(string canonicalText)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(canonicalText))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }
}
