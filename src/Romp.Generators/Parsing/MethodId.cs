using System.Text;

namespace Romp.Generators.Parsing;

/// <summary>
/// A method's identity on the wire (docs/protocol.md §4.3): the 32-bit FNV-1a hash of its signature text, and the 15-bit
/// method id derived from that hash unless the method carries <c>[RompId]</c>. The signature names the method and the
/// wire types of its arguments and result, so reordering methods changes nothing and changing a signature makes it
/// another method.
/// </summary>
internal static class MethodId
{
    /// <summary>The largest method id: the top bit of the wire's uint16 marks a call header (§4.1).</summary>
    public const int Max = 0x7FFF;

    private const uint OffsetBasis = 2166136261U;
    private const uint Prime = 16777619U;

    /// <summary>The signature text: <c>AddAsync(int32,int32)->int32</c>.</summary>
    public static string Signature(string name, string parameters, string result) => name + "(" + parameters + ")->" + result;

    /// <summary>The 32-bit FNV-1a hash of the UTF-8 bytes of <paramref name="signature"/>.</summary>
    public static uint Hash(string signature)
    {
        uint hash = OffsetBasis;
        foreach (byte b in Encoding.UTF8.GetBytes(signature))
        {
            hash ^= b;
            hash = unchecked(hash * Prime);
        }

        return hash;
    }

    /// <summary>The method id a signature hash gives a method without <c>[RompId]</c>: 1 to <see cref="Max"/>.</summary>
    public static ushort FromHash(uint hash) => (ushort)(hash % Max + 1);
}
