using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Romp.Security;

/// <summary>
/// One address pattern of a <see cref="RompAcl"/>, as a value and a mask over a 128-bit address: a peer matches when
/// <c>(address &amp; mask) == value</c>. Every address is compared in its IPv6 form, an IPv4 address as its IPv4-mapped
/// IPv6 address (<c>::ffff:a.b.c.d</c>), so that 127.0.0.1 from an IPv4 socket and ::ffff:127.0.0.1 from a dual-stack
/// one are the same key, and an IPv4 pattern is just a mask whose top 96 bits are set.
/// </summary>
internal readonly struct AclEntry
{
    /// <summary>The top 96 bits of an IPv4-mapped IPv6 address: 80 zero bits, then 16 one bits.</summary>
    public static readonly UInt128 MappedPrefix = (UInt128)0xFFFF << 32;

    /// <summary>The mask of the 96 bits that make an address IPv4-mapped.</summary>
    public static readonly UInt128 MappedMask = UInt128.MaxValue << 32;

    private readonly UInt128 _value; // already masked, so a match is one AND and one compare
    private readonly UInt128 _mask;

    public AclEntry(UInt128 value, UInt128 mask)
    {
        _value = value & mask;
        _mask = mask;
    }

    public bool Matches(UInt128 key) => (key & _mask) == _value;

    /// <summary>The mask of the first <paramref name="bits"/> bits of the 128.</summary>
    public static UInt128 PrefixMask(int bits) =>
        bits == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - bits); // a shift by 128 would be a shift by 0

    /// <summary>
    /// The key <paramref name="address"/> is compared by; false for an address that is neither IPv4 nor IPv6. A scope id
    /// (fe80::1%2) is not part of the key: patterns cannot name one, so link-local peers match on their address alone.
    /// </summary>
    public static bool TryGetKey(IPAddress address, out UInt128 key)
    {
        // Stack memory and TryWriteBytes: a check on the accept path allocates nothing.
        Span<byte> bytes = stackalloc byte[16];
        switch (address.AddressFamily)
        {
            case AddressFamily.InterNetwork:
                address.TryWriteBytes(bytes, out _);
                key = MappedPrefix | BinaryPrimitives.ReadUInt32BigEndian(bytes);
                return true;
            case AddressFamily.InterNetworkV6:
                address.TryWriteBytes(bytes, out _);
                key = BinaryPrimitives.ReadUInt128BigEndian(bytes);
                return true;
            default:
                key = default;
                return false;
        }
    }
}
