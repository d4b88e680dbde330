using System.Globalization;
using System.Text;

namespace Romp.Generators.Parsing;

/// <summary>
/// The wire ids of <c>[RompSerializable]</c> members (docs/protocol.md §5): 1 to 32767 are for <c>[RompId]</c>, and a
/// member without one gets an id derived from its name, from 32768 up, so the ids people choose never meet derived ones.
/// </summary>
internal static class MemberIds
{
    /// <summary>The largest id a user numbers members with; the ids above are derived from names.</summary>
    public const int MaxChosen = 0x7FFF;

    /// <summary>The largest id at all; <c>[RompId]</c> may give a derived id explicitly, to keep it when a member is renamed.</summary>
    public const int Max = 0xFFFF;

    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>
    /// 0x8000 | the 32-bit FNV-1a hash of the UTF-8 name, folded to 15 bits (<c>(h ^ (h &gt;&gt; 15)) &amp; 0x7FFF</c>).
    /// </summary>
    public static ushort Derive(string name)
    {
        uint hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return (ushort)(0x8000 | ((hash ^ (hash >> 15)) & 0x7FFF));
    }

    /// <summary>An id as generated code and messages show it: chosen ids in decimal, derived ones in hex.</summary>
    public static string Format(int id) =>
        id is > 0 and <= MaxChosen ? id.ToString(CultureInfo.InvariantCulture) : "0x" + id.ToString("X4", CultureInfo.InvariantCulture);
}
