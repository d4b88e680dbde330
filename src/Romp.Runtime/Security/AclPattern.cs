using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Romp.Security;

/// <summary>
/// Turns the address half of one ACL entry into <see cref="AclEntry"/> masks, once, when the list is built. The
/// syntax is DRb's (<c>drb/acl.rb</c>, <c>ACLEntry#initialize</c>): <c>all</c> or <c>*</c>; an address or an address
/// with a prefix, as Ruby's IPAddr reads them (<c>10.0.0.0/8</c>, <c>10.0.0.0/255.0.0.0</c>, <c>fe80::/10</c>,
/// <c>[::1]</c>); or a dotted IPv4 pattern with <c>*</c> octets (<c>192.168.1.*</c>). It is stricter than DRb: DRb
/// turns anything IPAddr rejects into a regular expression over the peer's host name, so a typo there becomes a
/// pattern that matches nothing; here it is an error.
/// </summary>
internal static class AclPattern
{
    /// <summary>The loopback addresses <c>localhost</c> stands for: 127.0.0.0/8 and ::1.</summary>
    private static readonly AclEntry[] s_loopback =
    [
        new(AclEntry.MappedPrefix | (127u << 24), AclEntry.MappedMask | 0xFF00_0000u),
        new(UInt128.One, UInt128.MaxValue),
    ];

    /// <summary>
    /// Parses <paramref name="text"/>, adding its masks to <paramref name="entries"/>; <paramref name="matchesAll"/> is
    /// set for <c>all</c> and <c>*</c>, which add no mask because they match peers without an address too.
    /// </summary>
    public static bool TryParse(string text, List<AclEntry> entries, out bool matchesAll, [NotNullWhen(false)] out string? error)
    {
        matchesAll = false;
        error = null;
        if (text is "*" || text.Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            matchesAll = true;
            return true;
        }

        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // DRb matches "localhost" against the host name of a reverse lookup; Romp looks nothing up, so the name
            // means what it resolves to on every host: the loopback addresses.
            entries.AddRange(s_loopback);
            return true;
        }

        int slash = text.IndexOf('/');
        string address = slash < 0 ? text : text.Substring(0, slash);
        string? prefix = slash < 0 ? null : text.Substring(slash + 1);
        bool bracketed = address.Length > 2 && address[0] == '[' && address[^1] == ']';
        if (bracketed)
            address = address.Substring(1, address.Length - 2);

        if (bracketed || address.Contains(':'))
            return TryParseV6(address, prefix, entries, out error);
        if (address.Length > 0 && IsDotted(address))
            return address.Contains('*')
                ? TryParseWildcard(address, prefix, entries, out error)
                : TryParseV4(address, prefix, entries, out error);

        error = address.Length == 0
            ? "the pattern has no address"
            : "not an IP address, a CIDR range or a dotted IPv4 pattern with '*' octets. Host names are not matched: " +
              "that needs a reverse DNS lookup per connection, which is slow and answered by whoever controls the peer's " +
              "address block. Write the address or a range, or 'localhost' for the loopback addresses";
        return false;
    }

    private static bool TryParseV4(string address, string? prefix, List<AclEntry> entries, [NotNullWhen(false)] out string? error)
    {
        if (!TryParseDottedQuad(address, out uint value))
        {
            error = "not an IPv4 address (four decimal octets 0 to 255, without leading zeros)";
            return false;
        }

        int bits = 32;
        if (prefix is not null && !TryParsePrefix(prefix, 32, out bits, out error))
            return false;
        // Host bits past the prefix are dropped, as IPAddr does: 10.1.2.3/8 is 10.0.0.0/8.
        entries.Add(new AclEntry(AclEntry.MappedPrefix | value, AclEntry.PrefixMask(96 + bits)));
        error = null;
        return true;
    }

    private static bool TryParseV6(string address, string? prefix, List<AclEntry> entries, [NotNullWhen(false)] out string? error)
    {
        // IPAddress.TryParse also takes a scope id, a port in brackets and other forms no pattern should have; an entry
        // with a scope id would silently match that address on every interface.
        foreach (char c in address)
        {
            if (!char.IsAsciiHexDigit(c) && c is not ':' and not '.')
            {
                error = c == '%'
                    ? "a scope id (%) cannot be matched: write the address without it"
                    : "not an IPv6 address";
                return false;
            }
        }

        if (!IPAddress.TryParse(address, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetworkV6
            || !AclEntry.TryGetKey(ip, out UInt128 value))
        {
            error = "not an IPv6 address";
            return false;
        }

        int bits = 128;
        if (prefix is not null && !TryParsePrefix(prefix, 128, out bits, out error))
            return false;
        // ::ffff:10.0.0.0/104 comes out as the same mask as 10.0.0.0/8, because IPv4 keys are mapped addresses.
        entries.Add(new AclEntry(value, AclEntry.PrefixMask(bits)));
        error = null;
        return true;
    }

    /// <summary>
    /// DRb's wildcards: each <c>*</c> becomes <c>.+</c> in a regular expression over the dotted address, so in four
    /// parts it is one octet, and in fewer (<c>10.*</c>) it spans the octets left out. One <c>*</c> in a short pattern
    /// is read that way; two (<c>*.1.*</c>) would match "second or third octet is 1", which no mask can say, so they
    /// are refused. <c>1*</c> is a regular expression in DRb (any run of ones), not an octet: refused too.
    /// </summary>
    private static bool TryParseWildcard(string address, string? prefix, List<AclEntry> entries, [NotNullWhen(false)] out string? error)
    {
        if (prefix is not null)
        {
            error = "a pattern with '*' octets cannot also have a prefix";
            return false;
        }

        string[] parts = address.Split('.');
        int stars = 0;
        foreach (string part in parts)
        {
            if (part == "*")
            {
                stars++;
            }
            else if (!TryParseOctet(part, out _))
            {
                error = part.Contains('*')
                    ? $"'{part}': a '*' stands for a whole octet"
                    : $"'{part}' is not an octet (0 to 255, without leading zeros)";
                return false;
            }
        }

        if (parts.Length > 4 || (parts.Length < 4 && stars != 1))
        {
            error = parts.Length > 4
                ? "an IPv4 pattern has at most four octets"
                : "a pattern with fewer than four octets must have exactly one '*', which stands for the octets left out";
            return false;
        }

        uint value = 0, mask = 0;
        int octet = 0;
        foreach (string part in parts)
        {
            if (part == "*")
            {
                octet += parts.Length == 4 ? 1 : 5 - parts.Length; // mask and value stay zero there: any octet
                continue;
            }

            uint number = uint.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture); // checked above
            int shift = 8 * (3 - octet);
            value |= number << shift;
            mask |= 0xFFu << shift;
            octet++;
        }

        entries.Add(new AclEntry(AclEntry.MappedPrefix | value, AclEntry.MappedMask | mask));
        error = null;
        return true;
    }

    /// <summary>
    /// A prefix length, or a mask written as an address of the same family (<c>/255.255.0.0</c>), which IPAddr also
    /// takes; the mask must be contiguous, as IPAddr requires.
    /// </summary>
    private static bool TryParsePrefix(string prefix, int maxBits, out int bits, [NotNullWhen(false)] out string? error)
    {
        string family = maxBits == 32 ? "IPv4" : "IPv6";
        if (prefix.Length is > 0 and <= 3 && IsDigits(prefix))
        {
            bits = int.Parse(prefix, NumberStyles.None, CultureInfo.InvariantCulture);
            if (bits <= maxBits)
            {
                error = null;
                return true;
            }

            error = $"the prefix /{prefix} is out of range for {family} (0 to {maxBits})";
            return false;
        }

        bits = 0;
        UInt128 mask;
        if (maxBits == 32 && IsDotted(prefix) && TryParseDottedQuad(prefix, out uint v4))
            mask = AclEntry.MappedMask | v4;
        else if (maxBits == 128 && prefix.Contains(':') && IPAddress.TryParse(prefix, out IPAddress? ip)
                 && ip.AddressFamily == AddressFamily.InterNetworkV6 && ip.ScopeId == 0 && AclEntry.TryGetKey(ip, out UInt128 v6))
            mask = v6;
        else
        {
            error = $"'/{prefix}' is neither a prefix length (0 to {maxBits}) nor an {family} mask";
            return false;
        }

        // A contiguous mask is ones then zeros: its complement plus one is a power of two (or zero, for all ones).
        UInt128 rest = ~mask;
        if ((rest & (rest + 1)) != 0)
        {
            error = $"the mask /{prefix} is not contiguous";
            return false;
        }

        bits = 128 - (int)UInt128.PopCount(rest) - (maxBits == 32 ? 96 : 0);
        error = null;
        return true;
    }

    private static bool TryParseDottedQuad(string text, out uint value)
    {
        // Not IPAddress.TryParse: it takes "10.1" as 10.0.0.1 and "010.0.0.1" as octal, neither of which an ACL
        // should guess at.
        value = 0;
        string[] parts = text.Split('.');
        if (parts.Length != 4)
            return false;
        foreach (string part in parts)
        {
            if (!TryParseOctet(part, out uint octet))
                return false;
            value = (value << 8) | octet;
        }

        return true;
    }

    private static bool TryParseOctet(string part, out uint octet)
    {
        octet = 0;
        if (part.Length is 0 or > 3 || !IsDigits(part) || (part.Length > 1 && part[0] == '0'))
            return false;
        octet = uint.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture);
        return octet <= 255;
    }

    private static bool IsDotted(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c) && c is not '.' and not '*')
                return false;
        }

        return true;
    }

    private static bool IsDigits(string text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiDigit(c))
                return false;
        }

        return true;
    }
}
