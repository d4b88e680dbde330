using System.Text;

namespace Romp.Fuzz.Wire;

/// <summary>
/// The wire ids of the fuzz target's record members, derived from their names by docs/protocol.md §5's rule rather than
/// taken from the generated formatters: 0x8000 | the 32-bit FNV-1a of the UTF-8 name, folded to 15 bits.
/// </summary>
internal static class DerivedIds
{
    public static readonly ushort X = Of("X"), Y = Of("Y");
    public static readonly ushort Name = Of("Name"), Origin = Of("Origin"), Corners = Of("Corners");
    public static readonly ushort Value = Of("Value"), Next = Of("Next");

    public static ushort Of(string name)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(name))
            hash = unchecked((hash ^ b) * 16777619);
        return (ushort)(0x8000 | ((hash ^ (hash >> 15)) & 0x7FFF));
    }
}
