using System.Net;
using System.Net.Sockets;

namespace Romp.Tests.Security;

/// <summary>
/// <see cref="RompAcl"/> on its own: DRb's list syntax, each kind of pattern, both orders, IPv4 seen through IPv6,
/// peers without an address, and the lists it must refuse to build.
/// </summary>
[TestFixture]
public sealed class RompAclTests
{
    private static bool Allows(RompAcl acl, string address) => acl.Allows(IPAddress.Parse(address));

    // ---- DRb's own examples ----

    [TestCase("127.0.0.1", true)]
    [TestCase("127.0.0.2", true)]
    [TestCase("::1", true)]
    [TestCase("192.168.1.7", true)]
    [TestCase("192.168.1.255", true)]
    [TestCase("::ffff:192.168.1.7", true)]
    [TestCase("192.168.2.7", false)]
    [TestCase("10.0.0.1", false)]
    [TestCase("2001:db8::1", false)]
    public void Allows_SeedExampleDenyAllAllowLocalhostAndWildcard_AdmitsOnlyThose(string peer, bool expected)
    {
        // The DRb seed: ACL.new(%w{deny all allow localhost allow 192.168.1.*}).
        var acl = new RompAcl("deny", "all", "allow", "localhost", "allow", "192.168.1.*");

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [TestCase("192.168.1.1", true)]
    [TestCase("192.168.1.2", true)]
    [TestCase("192.168.1.3", true)]
    [TestCase("192.168.1.4", false)]
    public void Allows_AclRbDocumentationExample_MatchesDrb(string peer, bool expected)
    {
        // drb/acl.rb's example: allow_addr?(["AF_INET", 10, "lc630", "192.168.1.3"]) is true; the IPv6 entry
        // ::ffff:192.168.1.2 matches the IPv4 peer 192.168.1.2, as DRb's ipv4_mapped comparison does.
        var acl = new RompAcl(RompAclOrder.DenyAllow,
            "deny", "all", "allow", "192.168.1.1", "allow", "::ffff:192.168.1.2", "allow", "192.168.1.3");

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [TestCase("192.0.2.2", true)]
    [TestCase("192.0.2.128", true)]
    [TestCase("192.0.2.191", true)]
    [TestCase("192.0.2.192", false)]
    [TestCase("192.0.2.127", false)]
    [TestCase("192.0.2.3", false)]
    public void Allows_AclRbConstructorExampleWithPrefix_MatchesDrb(string peer, bool expected)
    {
        var acl = new RompAcl("deny", "all", "allow", "192.0.2.2", "allow", "192.0.2.128/26");

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [Test]
    public void Allows_EmptyList_DenyAllowAdmitsAndAllowDenyRefuses()
    {
        // DRb: ACL.new.allow_addr?(addr) is true; with ALLOW_DENY and nothing to allow, nothing is.
        Assert.That(Allows(new RompAcl(), "192.0.2.1"), Is.True);
        Assert.That(Allows(new RompAcl(RompAclOrder.AllowDeny), "192.0.2.1"), Is.False);
        Assert.That(new RompAcl().Order, Is.EqualTo(RompAclOrder.DenyAllow));
    }

    // ---- the two orders ----

    [TestCase(RompAclOrder.DenyAllow, "10.0.0.1", true, Description = "both match: allow wins")]
    [TestCase(RompAclOrder.DenyAllow, "10.0.0.2", false, Description = "only deny matches")]
    [TestCase(RompAclOrder.DenyAllow, "192.0.2.1", true, Description = "neither matches: admitted")]
    [TestCase(RompAclOrder.AllowDeny, "10.0.0.1", false, Description = "both match: deny wins")]
    [TestCase(RompAclOrder.AllowDeny, "10.0.0.2", false, Description = "only deny matches")]
    [TestCase(RompAclOrder.AllowDeny, "192.0.2.1", false, Description = "neither matches: refused")]
    public void Allows_BothOrders_FollowDrbAllowAddr(RompAclOrder order, string peer, bool expected)
    {
        var acl = new RompAcl(order, "deny", "10.0.0.0/8", "allow", "10.0.0.1");

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [Test]
    public void Allows_AllowDenyOnlyAllowMatches_Admits()
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", "10.0.0.0/8", "deny", "10.0.0.13");

        Assert.That(Allows(acl, "10.1.2.3"), Is.True);
        Assert.That(Allows(acl, "10.0.0.13"), Is.False);
    }

    [Test]
    public void Allows_EntryPositions_DoNotMatter()
    {
        var denyFirst = new RompAcl("deny", "all", "allow", "10.0.0.1");
        var allowFirst = new RompAcl("allow", "10.0.0.1", "deny", "all");

        Assert.That(Allows(denyFirst, "10.0.0.1"), Is.EqualTo(Allows(allowFirst, "10.0.0.1")).And.True);
        Assert.That(Allows(denyFirst, "10.0.0.2"), Is.EqualTo(Allows(allowFirst, "10.0.0.2")).And.False);
    }

    [Test]
    public void Constructor_VerbsInAnyCase_AreRead()
    {
        var acl = new RompAcl("DENY", "ALL", "Allow", "10.0.0.1");

        Assert.That(Allows(acl, "10.0.0.1"), Is.True);
        Assert.That(Allows(acl, "10.0.0.2"), Is.False);
    }

    [Test]
    public void Constructor_UndefinedOrder_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompAcl((RompAclOrder)7, "allow", "all"));
    }

    // ---- each kind of pattern ----

    [TestCase("all")]
    [TestCase("ALL")]
    [TestCase("*")]
    public void Allows_AllPattern_MatchesEveryAddress(string all)
    {
        var acl = new RompAcl("deny", all);

        Assert.That(Allows(acl, "192.0.2.1"), Is.False);
        Assert.That(Allows(acl, "2001:db8::1"), Is.False);
        Assert.That(Allows(acl, "::ffff:10.0.0.1"), Is.False);
        Assert.That(acl.Allows((EndPoint?)null), Is.False);
    }

    [TestCase("10.0.0.1", "10.0.0.1", true)]
    [TestCase("10.0.0.1", "10.0.0.2", false)]
    [TestCase("0.0.0.0", "0.0.0.0", true)]
    [TestCase("255.255.255.255", "255.255.255.255", true)]
    [TestCase("10.0.0.0/8", "10.255.255.255", true)]
    [TestCase("10.0.0.0/8", "11.0.0.0", false)]
    [TestCase("10.1.2.3/8", "10.9.9.9", true)]
    [TestCase("192.168.0.0/16", "192.168.40.1", true)]
    [TestCase("192.168.0.0/16", "192.169.0.1", false)]
    [TestCase("172.16.0.0/12", "172.31.255.255", true)]
    [TestCase("172.16.0.0/12", "172.32.0.0", false)]
    [TestCase("10.0.0.5/32", "10.0.0.5", true)]
    [TestCase("10.0.0.5/32", "10.0.0.4", false)]
    [TestCase("0.0.0.0/0", "203.0.113.9", true)]
    [TestCase("0.0.0.0/0", "2001:db8::1", false)]
    [TestCase("10.0.0.0/255.0.0.0", "10.20.30.40", true)]
    [TestCase("10.0.0.0/255.0.0.0", "11.20.30.40", false)]
    [TestCase("10.0.0.0/255.255.255.255", "10.0.0.0", true)]
    [TestCase("10.0.0.0/0.0.0.0", "198.51.100.1", true)]
    public void Allows_IPv4AddressOrRange_MatchesContainedAddresses(string pattern, string peer, bool expected)
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", pattern);

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [TestCase("::1", "::1", true)]
    [TestCase("::1", "::2", false)]
    [TestCase("[::1]", "::1", true)]
    [TestCase("2001:db8::1", "2001:0db8:0:0:0:0:0:1", true)]
    [TestCase("fe80::/10", "fe80::1", true)]
    [TestCase("fe80::/10", "febf:ffff::1", true)]
    [TestCase("fe80::/10", "fec0::1", false)]
    [TestCase("[fe80::]/10", "fe80::abcd", true)]
    [TestCase("2001:db8::/32", "2001:db8:1234::1", true)]
    [TestCase("2001:db8::/32", "2001:db9::1", false)]
    [TestCase("2001:db8::/ffff:ffff::", "2001:db8:ffff::1", true)]
    [TestCase("2001:db8::/ffff:ffff::", "2001:db9::1", false)]
    [TestCase("2001:db8::1/128", "2001:db8::1", true)]
    [TestCase("2001:db8::1/128", "2001:db8::2", false)]
    [TestCase("::/0", "2001:db8::1", true)]
    [TestCase("::/0", "192.0.2.1", true)]
    [TestCase("2001:db8::/32", "192.0.2.1", false)]
    public void Allows_IPv6AddressOrRange_MatchesContainedAddresses(string pattern, string peer, bool expected)
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", pattern);

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [TestCase("192.168.1.*", "192.168.1.0", true)]
    [TestCase("192.168.1.*", "192.168.1.254", true)]
    [TestCase("192.168.1.*", "192.168.2.1", false)]
    [TestCase("10.*.*.*", "10.200.3.4", true)]
    [TestCase("10.*.*.*", "11.0.0.0", false)]
    [TestCase("10.*", "10.1.2.3", true)]
    [TestCase("10.*", "100.1.2.3", false)]
    [TestCase("192.168.*", "192.168.77.1", true)]
    [TestCase("192.168.*", "192.169.77.1", false)]
    [TestCase("*.5", "198.51.100.5", true)]
    [TestCase("*.5", "198.51.100.6", false)]
    [TestCase("10.*.5", "10.1.2.5", true)]
    [TestCase("10.*.5", "10.1.2.6", false)]
    [TestCase("10.*.1.*", "10.99.1.200", true)]
    [TestCase("10.*.1.*", "10.99.2.200", false)]
    [TestCase("*.*.*.*", "203.0.113.1", true)]
    [TestCase("*.*.*.*", "2001:db8::1", false)]
    [TestCase("192.168.1.*", "::ffff:192.168.1.9", true)]
    public void Allows_DottedWildcard_MatchesAnyOctetWhereStarIs(string pattern, string peer, bool expected)
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", pattern);

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    [TestCase("127.0.0.1", true)]
    [TestCase("127.45.6.7", true)]
    [TestCase("::1", true)]
    [TestCase("::ffff:127.0.0.1", true)]
    [TestCase("128.0.0.1", false)]
    [TestCase("::2", false)]
    [TestCase("192.0.2.1", false)]
    public void Allows_Localhost_MeansTheLoopbackAddresses(string peer, bool expected)
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", "LocalHost");

        Assert.That(Allows(acl, peer), Is.EqualTo(expected));
    }

    // ---- IPv4 through IPv6 ----

    [TestCase("127.0.0.1")]
    [TestCase("127.0.0.0/8")]
    [TestCase("127.0.0.*")]
    [TestCase("::ffff:127.0.0.1")]
    [TestCase("::ffff:127.0.0.0/104")]
    public void Allows_IPv4MappedPeerAndIPv4Peer_MatchTheSameEntries(string pattern)
    {
        var acl = new RompAcl("deny", pattern);

        Assert.That(Allows(acl, "::ffff:127.0.0.1"), Is.False, "mapped peer");
        Assert.That(Allows(acl, "127.0.0.1"), Is.False, "IPv4 peer");
        Assert.That(Allows(acl, "::ffff:127.0.0.2"), Is.EqualTo(Allows(acl, "127.0.0.2")), "a neighbour, either way");
    }

    [Test]
    public void Allows_IPv4MappedPeerFromDualStackEndPoint_MatchesIPv4Entry()
    {
        var acl = new RompAcl("deny", "all", "allow", "10.0.0.0/8");
        var mapped = new IPEndPoint(IPAddress.Parse("10.1.2.3").MapToIPv6(), 50312);

        Assert.That(mapped.Address.IsIPv4MappedToIPv6, Is.True);
        Assert.That(acl.Allows(mapped), Is.True);
        Assert.That(acl.Allows(new IPEndPoint(IPAddress.Parse("11.1.2.3").MapToIPv6(), 50312)), Is.False);
    }

    [Test]
    public void Allows_IPv4CompatibleOrOtherIPv6Forms_AreNotIPv4()
    {
        // Only ::ffff:a.b.c.d is an IPv4 peer; the deprecated ::a.b.c.d and NAT64's 64:ff9b::a.b.c.d are IPv6 addresses.
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", "10.0.0.1");

        Assert.That(Allows(acl, "::10.0.0.1"), Is.False);
        Assert.That(Allows(acl, "64:ff9b::10.0.0.1"), Is.False);
    }

    // ---- endpoints ----

    [Test]
    public void Allows_EndPoint_PortIsIgnored()
    {
        var acl = new RompAcl("deny", "all", "allow", "127.0.0.1");

        Assert.That(acl.Allows(new IPEndPoint(IPAddress.Loopback, 1)), Is.True);
        Assert.That(acl.Allows(new IPEndPoint(IPAddress.Loopback, 65535)), Is.True);
        Assert.That(acl.Allows(new IPEndPoint(IPAddress.Parse("127.0.0.2"), 1)), Is.False);
    }

    [Test]
    public void Allows_LinkLocalPeerWithScopeId_MatchesOnAddressAlone()
    {
        var acl = new RompAcl(RompAclOrder.AllowDeny, "allow", "fe80::/10");
        var peer = new IPAddress(IPAddress.Parse("fe80::1").GetAddressBytes(), scopeid: 3);

        Assert.That(acl.Allows(peer), Is.True);
    }

    private static IEnumerable<TestCaseData> UnaddressedPeers()
    {
        yield return new TestCaseData(new object?[] { null }).SetArgDisplayNames("null (inproc)");
        yield return new TestCaseData(new UnixDomainSocketEndPoint("/tmp/romp-acl.sock")).SetArgDisplayNames("unix");
        yield return new TestCaseData(new DnsEndPoint("localhost", 80)).SetArgDisplayNames("dns");
    }

    [TestCaseSource(nameof(UnaddressedPeers))]
    public void Allows_PeerWithoutIPAddress_MatchesOnlyAllEntries(EndPoint? peer)
    {
        Assert.That(new RompAcl("deny", "all", "allow", "localhost").Allows(peer), Is.False, "deny all, allow localhost");
        Assert.That(new RompAcl("deny", "all", "allow", "127.0.0.1", "allow", "*").Allows(peer), Is.True, "allow *");
        Assert.That(new RompAcl("deny", "127.0.0.1").Allows(peer), Is.True, "DenyAllow, nothing matches");
        Assert.That(new RompAcl(RompAclOrder.AllowDeny, "allow", "localhost").Allows(peer), Is.False, "AllowDeny, nothing matches");
        Assert.That(new RompAcl(RompAclOrder.AllowDeny, "allow", "all").Allows(peer), Is.True, "AllowDeny, allow all");
        Assert.That(new RompAcl(RompAclOrder.AllowDeny, "allow", "all", "deny", "all").Allows(peer), Is.False, "AllowDeny, deny all");
    }

    [Test]
    public void Allows_Checks_AllocateNothing()
    {
        var acl = new RompAcl("deny", "all", "allow", "localhost", "allow", "10.0.0.0/8", "allow", "192.168.1.*", "allow", "fe80::/10");
        IPAddress v4 = IPAddress.Parse("192.0.2.1"), v6 = IPAddress.Parse("2001:db8::1"), mapped = IPAddress.Parse("::ffff:10.0.0.1");
        var endPoint = new IPEndPoint(v4, 80);
        int admitted = Check(acl, v4, v6, mapped, endPoint); // the first round runs the static constructors

        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            admitted += Check(acl, v4, v6, mapped, endPoint);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.That(allocated, Is.Zero);
        Assert.That(admitted, Is.EqualTo(1001), "of the five, only the mapped 10.0.0.1 is admitted");

        static int Check(RompAcl acl, IPAddress v4, IPAddress v6, IPAddress mapped, IPEndPoint endPoint) =>
            (acl.Allows(v4) ? 1 : 0) + (acl.Allows(v6) ? 1 : 0) + (acl.Allows(mapped) ? 1 : 0)
            + (acl.Allows(endPoint) ? 1 : 0) + (acl.Allows((EndPoint?)null) ? 1 : 0);
    }

    [Test]
    public void Allows_NullAddress_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => new RompAcl().Allows((IPAddress)null!));
    }

    // ---- lists it must refuse ----

    [TestCase("allow", "ACL entry 1 'allow' has no pattern")]
    [TestCase("deny", "all", "allow", "ACL entry 2 'allow' has no pattern")]
    [TestCase("permit", "10.0.0.1", "'permit 10.0.0.1': the verb must be 'allow' or 'deny'")]
    [TestCase("allow", "", "'allow ': the pattern has no address")]
    [TestCase("allow", "10.0.0.256", "'allow 10.0.0.256': not an IPv4 address")]
    [TestCase("allow", "10.1", "'allow 10.1': not an IPv4 address")]
    [TestCase("allow", "010.0.0.1", "'allow 010.0.0.1': not an IPv4 address")]
    [TestCase("allow", "1.2.3.4.5", "'allow 1.2.3.4.5': not an IPv4 address")]
    [TestCase("allow", "10.0.0.0/33", "'allow 10.0.0.0/33': the prefix /33 is out of range for IPv4 (0 to 32)")]
    [TestCase("allow", "fe80::/129", "'allow fe80::/129': the prefix /129 is out of range for IPv6 (0 to 128)")]
    [TestCase("allow", "10.0.0.0/", "'allow 10.0.0.0/': '/' is neither a prefix length")]
    [TestCase("allow", "10.0.0.0/-1", "'allow 10.0.0.0/-1': '/-1' is neither a prefix length")]
    [TestCase("allow", "10.0.0.0/8/8", "'allow 10.0.0.0/8/8'")]
    [TestCase("allow", "10.0.0.0/255.0.255.0", "'allow 10.0.0.0/255.0.255.0': the mask /255.0.255.0 is not contiguous")]
    [TestCase("allow", "::1::2", "'allow ::1::2': not an IPv6 address")]
    [TestCase("allow", "[10.0.0.1]", "'allow [10.0.0.1]': not an IPv6 address")]
    [TestCase("allow", "[::1]:80", "'allow [::1]:80': not an IPv6 address")]
    [TestCase("allow", "fe80::1%eth0", "'allow fe80::1%eth0': a scope id (%) cannot be matched")]
    [TestCase("allow", "example.com", "'allow example.com': not an IP address, a CIDR range or a dotted IPv4 pattern")]
    [TestCase("allow", "*.example.com", "'allow *.example.com': not an IP address")]
    [TestCase("allow", "Localhost.localdomain", "Host names are not matched")]
    [TestCase("allow", " 10.0.0.1", "'allow  10.0.0.1': not an IP address")]
    [TestCase("allow", "1*.0.0.0", "'allow 1*.0.0.0': '1*': a '*' stands for a whole octet")]
    [TestCase("allow", "10.*.0.0/16", "'allow 10.*.0.0/16': a pattern with '*' octets cannot also have a prefix")]
    [TestCase("allow", "*.1.*", "'allow *.1.*': a pattern with fewer than four octets must have exactly one '*'")]
    [TestCase("allow", "10.*.*.*.*", "'allow 10.*.*.*.*': an IPv4 pattern has at most four octets")]
    [TestCase("allow", "10..*", "'allow 10..*': '' is not an octet")]
    [TestCase("allow", "256.*", "'allow 256.*': '256' is not an octet")]
    public void Constructor_MalformedList_ThrowsNamingTheEntry(params string[] entriesThenMessage)
    {
        string[] entries = entriesThenMessage[..^1];
        string message = entriesThenMessage[^1];

        ArgumentException? error = Assert.Throws<ArgumentException>(() => _ = new RompAcl(entries));

        Assert.That(error!.Message, Does.Contain(message));
        Assert.That(error.ParamName, Is.EqualTo("entries"));
    }

    [Test]
    public void Constructor_BadEntryAfterGoodOnes_NamesItsPosition()
    {
        ArgumentException? error = Assert.Throws<ArgumentException>(() => _ = new RompAcl("deny", "all", "allow", "10.0.0.1", "allow", "10.0.0.0/40"));

        Assert.That(error!.Message, Does.StartWith("ACL entry 3 'allow 10.0.0.0/40'"));
    }

    [Test]
    public void Constructor_NullItems_Throw()
    {
        Assert.Throws<ArgumentNullException>(() => _ = new RompAcl((string[])null!));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RompAcl("allow", null!))!.Message, Does.Contain("ACL entry 1 'allow': the pattern is null"));
        Assert.That(Assert.Throws<ArgumentException>(() => _ = new RompAcl(null!, "all"))!.Message, Does.Contain("ACL entry 1: the verb is null"));
    }
}
