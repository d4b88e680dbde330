using System.Text;

namespace Romp.Generators.Parsing;

/// <summary>The 64-bit FNV-1a hash that identifies a contract: equal on both sides exactly when their signatures agree.</summary>
/// <remarks>
/// <c>[Idempotent]</c> is not in the canonical text (see docs/protocol.md §4.3): it changes nothing on the wire, only
/// whether the calling proxy may send a broken call again after a reconnect, so peers that disagree about it still
/// understand each other and must not be refused.
/// </remarks>
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

    /// <summary>A contract id as a C# literal: <c>0x0123456789ABCDEFUL</c>.</summary>
    public static string Literal(ulong id) => "0x" + id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) + "UL";
}
