using System.Text;

namespace Romp.Generators.Parsing;

/// <summary>
/// The contract id: the 64-bit FNV-1a hash of the UTF-8 bytes of the contract's name (docs/protocol.md §4.3). Two
/// versions of one interface share the name, and so the id, whatever methods each has; the methods are told apart by
/// their own ids and signature hashes (<see cref="MethodId"/>).
/// </summary>
internal static class ContractId
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Compute(string name)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }

    /// <summary>A contract id as a C# literal: <c>0x0123456789ABCDEFUL</c>.</summary>
    public static string Literal(ulong id) => "0x" + id.ToString("X16", System.Globalization.CultureInfo.InvariantCulture) + "UL";
}
