using System.Net;
using Romp.Security;

namespace Romp;

/// <summary>
/// DRb's access control list: which peer addresses a <see cref="RompServer"/> admits, set as
/// <see cref="RompServerOptions.Acl"/> and checked as each connection is accepted, before any byte is read or written.
/// </summary>
/// <remarks>
/// <para>
/// The list is DRb's flat one: pairs of a verb, <c>allow</c> or <c>deny</c>, and a pattern. The patterns are
/// <c>all</c> or <c>*</c> (every peer); an IPv4 or IPv6 address (<c>127.0.0.1</c>, <c>::1</c>, <c>[::1]</c>); a range
/// as an address and a prefix length or mask (<c>10.0.0.0/8</c>, <c>10.0.0.0/255.0.0.0</c>, <c>fe80::/10</c>); a
/// dotted IPv4 pattern whose <c>*</c> octets match any octet (<c>192.168.1.*</c>, <c>10.*.*.*</c>, or <c>10.*</c>
/// where one <c>*</c> stands for the octets left out); and <c>localhost</c>, which means the loopback addresses
/// 127.0.0.0/8 and ::1. The order (<see cref="RompAclOrder"/>, default <see cref="RompAclOrder.DenyAllow"/>) says how
/// allow and deny entries combine; where entries sit in the list does not matter.
/// </para>
/// <para>
/// IPv4 and IPv6 are one address space: an IPv4 peer that a dual-stack socket reports as <c>::ffff:127.0.0.1</c>
/// matches <c>127.0.0.1</c>, and an IPv6 pattern in that range (<c>::ffff:10.0.0.0/104</c>) matches IPv4 peers. A scope
/// id on the peer's address is ignored, and patterns cannot carry one.
/// </para>
/// <para>
/// Unlike DRb, host names other than <c>localhost</c> are refused with <see cref="ArgumentException"/>: DRb matches
/// them against a reverse DNS lookup of the peer, which is slow on the accept path and answered by whoever controls the
/// peer's address block, so a name would grant access to anyone who can forge a PTR record.
/// </para>
/// <para>
/// Peers without an IP address (a <c>unix://</c> socket, an <c>inproc://</c> pipe, a custom transport that reports
/// none) match only <c>all</c> and <c>*</c>, never an address entry nor <c>localhost</c>. So a list with <c>deny all</c>
/// refuses them unless it also has <c>allow all</c>, and with <see cref="RompAclOrder.AllowDeny"/> they need
/// <c>allow all</c>. DRb instead never checks its ACL on drbunix sockets; Romp fails closed, because a custom
/// transport without addresses may well carry remote peers.
/// </para>
/// <para>The list is parsed once into masks; <see cref="Allows(IPAddress)"/> allocates nothing, and an instance is
/// immutable and safe to share between servers and threads.</para>
/// </remarks>
/// <example>
/// <code>
/// // DRb: ACL.new(%w[deny all allow 127.0.0.1 allow 10.0.0.0/8])
/// var options = new RompServerOptions { Acl = new RompAcl("deny", "all", "allow", "127.0.0.1", "allow", "10.0.0.0/8") };
/// </code>
/// </example>
public sealed class RompAcl
{
    private readonly AclList _allow;
    private readonly AclList _deny;

    /// <summary>Builds a list with the default order, <see cref="RompAclOrder.DenyAllow"/>.</summary>
    /// <param name="entries">Verbs and patterns, alternating: <c>"deny", "all", "allow", "192.168.1.*"</c>.</param>
    /// <exception cref="ArgumentException">
    /// The list has an odd number of items, a verb other than <c>allow</c> or <c>deny</c>, a null item, or a pattern
    /// that is malformed (a bad address, a prefix out of range) or a host name; the message names the entry.
    /// </exception>
    public RompAcl(params string[] entries)
        : this(RompAclOrder.DenyAllow, entries)
    {
    }

    /// <summary>Builds a list with the given <paramref name="order"/> (DRb's <c>ACL.new(list, order)</c>).</summary>
    /// <param name="order">How allow and deny entries combine.</param>
    /// <param name="entries">Verbs and patterns, alternating: <c>"allow", "all", "deny", "10.0.0.13"</c>.</param>
    /// <exception cref="ArgumentException">
    /// The list has an odd number of items, a verb other than <c>allow</c> or <c>deny</c>, a null item, or a pattern
    /// that is malformed (a bad address, a prefix out of range) or a host name; the message names the entry.
    /// </exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="order"/> is not a <see cref="RompAclOrder"/> value.</exception>
    public RompAcl(RompAclOrder order, params string[] entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        if (order is not (RompAclOrder.DenyAllow or RompAclOrder.AllowDeny))
            throw new ArgumentOutOfRangeException(nameof(order), order, "The order must be DenyAllow or AllowDeny.");
        Order = order;

        var allow = new List<AclEntry>();
        var deny = new List<AclEntry>();
        bool allowAll = false, denyAll = false;
        for (int i = 0; i < entries.Length; i += 2)
        {
            int number = i / 2 + 1;
            string? verb = entries[i];
            if (verb is null)
                throw new ArgumentException($"ACL entry {number}: the verb is null.", nameof(entries));
            if (i + 1 == entries.Length)
                throw new ArgumentException($"ACL entry {number} '{verb}' has no pattern: the list alternates a verb (allow or deny) and a pattern.", nameof(entries));
            string? pattern = entries[i + 1];
            if (pattern is null)
                throw new ArgumentException($"ACL entry {number} '{verb}': the pattern is null.", nameof(entries));

            // drb/acl.rb, ACL#install_list: the verb is case-insensitive (permission.downcase), anything else is an error.
            bool isAllow = verb.Equals("allow", StringComparison.OrdinalIgnoreCase);
            if (!isAllow && !verb.Equals("deny", StringComparison.OrdinalIgnoreCase))
                throw new ArgumentException($"ACL entry {number} '{verb} {pattern}': the verb must be 'allow' or 'deny'.", nameof(entries));
            if (!AclPattern.TryParse(pattern, isAllow ? allow : deny, out bool all, out string? error))
                throw new ArgumentException($"ACL entry {number} '{verb} {pattern}': {error}.", nameof(entries));
            if (isAllow)
                allowAll |= all;
            else
                denyAll |= all;
        }

        _allow = new AclList(allow.ToArray(), allowAll);
        _deny = new AclList(deny.ToArray(), denyAll);
    }

    /// <summary>How allow and deny entries combine.</summary>
    public RompAclOrder Order { get; }

    /// <summary>Whether the list admits a peer at <paramref name="address"/>. Allocates nothing.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="address"/> is null.</exception>
    public bool Allows(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!AclEntry.TryGetKey(address, out UInt128 key))
            return Decide(_allow.MatchesUnaddressed, _deny.MatchesUnaddressed);

        // drb/acl.rb, ACL#allow_addr?: DENY_ALLOW returns true if an allow entry matches, else false if a deny entry
        // matches, else true; ALLOW_DENY returns false if a deny entry matches, else true if an allow entry matches,
        // else false. (The comments on its constants say "Default to deny" for DENY_ALLOW and "Default to allow" for
        // ALLOW_DENY, the other way round; Romp follows the code.) The DRb page among Romp's seed documents agrees:
        // its example, "deny all, allow localhost, allow 192.168.1.*" in the default order, works only because allow
        // entries override "deny all".
        return Order == RompAclOrder.DenyAllow
            ? _allow.Matches(key) || !_deny.Matches(key)
            : !_deny.Matches(key) && _allow.Matches(key);
    }

    /// <summary>
    /// Whether the list admits a peer at <paramref name="remote"/>, as the server asks it. An <see cref="IPEndPoint"/>
    /// is judged by its address (the port plays no part); any other endpoint, or null, is a peer without an IP address,
    /// which matches only <c>all</c> and <c>*</c> entries.
    /// </summary>
    public bool Allows(EndPoint? remote) => remote is IPEndPoint ip
        ? Allows(ip.Address)
        : Decide(_allow.MatchesUnaddressed, _deny.MatchesUnaddressed);

    private bool Decide(bool allowMatches, bool denyMatches) => Order == RompAclOrder.DenyAllow
        ? allowMatches || !denyMatches
        : !denyMatches && allowMatches;
}
