using System.Net;
using System.Net.Sockets;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Security;

/// <summary>
/// <see cref="RompServerOptions.Acl"/> on real servers: a refused peer is closed before the hello and gets
/// <see cref="RompError.AccessDenied"/>, the server reports it and never counts it, and an admitted peer is served.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class AclTests
{
    private RompServer _server = null!;
    private TaskCompletionSource<RompConnectionClosedEventArgs> _closed = null!;

    [TearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    private async Task StartAsync(string endpoint, RompServerOptions options, CancellationToken cancellationToken)
    {
        _closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        _server = new RompServer(endpoint, options);
        _server.Bind<ICalculator>("calc", new Calculator());
        _server.ConnectionClosed += (_, e) => _closed.TrySetResult(e);
        await _server.StartAsync(cancellationToken);
    }

    private async Task AssertRefusedAsync(CancellationToken cancellationToken)
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Does.Contain("access list"));

        RompConnectionClosedEventArgs closed = await _closed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(closed.Error.Message, Is.EqualTo("The access control list refused the connection."));
        Assert.That(_server.ConnectionCount, Is.Zero);
    }

    [Test]
    public async Task Acl_RefusesIPv4Loopback_ConnectFailsWithAccessDenied(CancellationToken cancellationToken)
    {
        await StartAsync("tcp://127.0.0.1:0", new RompServerOptions { Acl = new RompAcl("deny", "127.0.0.1") }, cancellationToken);

        await AssertRefusedAsync(cancellationToken);
        RompConnectionClosedEventArgs closed = await _closed.Task;
        Assert.That(((IPEndPoint)closed.RemoteEndPoint!).Address, Is.EqualTo(IPAddress.Loopback));
    }

    [Test]
    public async Task Acl_RefusesIPv6Loopback_ConnectFailsWithAccessDenied(CancellationToken cancellationToken)
    {
        if (!HasIPv6Loopback())
            Assert.Ignore("This machine has no IPv6 loopback.");
        await StartAsync("tcp://[::1]:0", new RompServerOptions { Acl = new RompAcl("deny", "all", "allow", "127.0.0.1") }, cancellationToken);

        await AssertRefusedAsync(cancellationToken);
        RompConnectionClosedEventArgs closed = await _closed.Task;
        Assert.That(((IPEndPoint)closed.RemoteEndPoint!).Address, Is.EqualTo(IPAddress.IPv6Loopback));
    }

    [Test]
    public async Task Acl_DualStackListenerSeesMappedPeer_IPv4EntryRefusesIt(CancellationToken cancellationToken)
    {
        var options = new RompServerOptions { Acl = new RompAcl("deny", "127.0.0.0/8") };
        options.Transports.Add(new DualStackLoopbackTransport());
        try
        {
            await StartAsync($"{DualStackLoopbackTransport.DualStackScheme}://0", options, cancellationToken);
        }
        catch (RompException e) when (e.Error == RompError.AccessFailed)
        {
            Assert.Ignore($"This machine has no dual-stack sockets: {e.Message}");
        }

        await AssertRefusedAsync(cancellationToken);
        RompConnectionClosedEventArgs closed = await _closed.Task;
        Assert.That(((IPEndPoint)closed.RemoteEndPoint!).Address, Is.EqualTo(DualStackLoopbackTransport.MappedLoopback), "the peer must come in mapped");
    }

    [Test]
    public async Task Acl_RefusesTlsClient_ServerReportsTheAclNotTls(CancellationToken cancellationToken)
    {
        // The ACL runs on the accept loop, before the transport opens: a refused tls:// peer is closed before the TLS
        // handshake, so the server's reason is the ACL's and not a TLS failure.
        await StartAsync("tls://127.0.0.1:0", new RompServerOptions
        {
            Tls = TestCertificates.ServerOptions(TestCertificates.Server),
            Acl = new RompAcl("deny", "localhost"),
        }, cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync(_server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken));

        RompConnectionClosedEventArgs closed = await _closed.Task.WaitAsync(cancellationToken);
        Assert.That(closed.Error!.Message, Is.EqualTo("The access control list refused the connection."));
        Assert.That(error!.Message, Does.Contain("TLS"));
        Assert.That(_server.ConnectionCount, Is.Zero);
    }

    [Test]
    public async Task Acl_RefusedPeer_ReceivesNoByte(CancellationToken cancellationToken)
    {
        await StartAsync("tcp://127.0.0.1:0", new RompServerOptions { Acl = new RompAcl(RompAclOrder.AllowDeny, "allow", "10.0.0.0/8") }, cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectAsync(_server.Endpoint, cancellationToken);

        byte[] received = await peer.ReadToEndAsync(cancellationToken);

        Assert.That(received, Is.Empty, "no hello: the server closed before writing anything");
        Assert.That((await _closed.Task.WaitAsync(cancellationToken)).Error!.Error, Is.EqualTo(RompError.AccessDenied));
    }

    [Test]
    public async Task Acl_AdmitsLoopback_CallRoundTrips(CancellationToken cancellationToken)
    {
        await StartAsync("tcp://127.0.0.1:0", new RompServerOptions { Acl = new RompAcl("deny", "all", "allow", "127.0.0.1") }, cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(await calc.AddAsync(2, 40, cancellationToken), Is.EqualTo(42));
        Assert.That(_server.ConnectionCount, Is.EqualTo(1));
    }

    [Test]
    public async Task Acl_RefusesAfterAdmitting_OnlyTheAdmittedConnectionCounts(CancellationToken cancellationToken)
    {
        // One server, two verdicts: the ACL is asked per connection, and the acceptor decides the second one's fate only
        // because the ACL (allow all) let it through.
        int asked = 0;
        await StartAsync("tcp://127.0.0.1:0", new RompServerOptions
        {
            Acl = new RompAcl("allow", "all"),
            Acceptor = _ => Interlocked.Increment(ref asked) == 1,
        }, cancellationToken);

        await using RompClient admitted = await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken);
        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That((await _closed.Task.WaitAsync(cancellationToken)).Error!.Message, Is.EqualTo("The acceptor refused the connection."));
        Assert.That(_server.ConnectionCount, Is.EqualTo(1));
        Assert.That(asked, Is.EqualTo(2));
    }

    [Test]
    public async Task Acl_RefusesBeforeAcceptor_AcceptorNeverAsked(CancellationToken cancellationToken)
    {
        int asked = 0;
        await StartAsync("tcp://127.0.0.1:0", new RompServerOptions
        {
            Acl = new RompAcl("deny", "localhost"),
            Acceptor = _ =>
            {
                Interlocked.Increment(ref asked);
                return true;
            },
        }, cancellationToken);

        await AssertRefusedAsync(cancellationToken);
        Assert.That(Volatile.Read(ref asked), Is.Zero);
    }

    [TestCase(Transports.Unix)]
    [TestCase(Transports.Inproc)]
    public async Task Acl_PeerWithoutAddressAgainstLocalhostOnly_Refused(string transport, CancellationToken cancellationToken)
    {
        if (transport == Transports.Unix && !Socket.OSSupportsUnixDomainSockets)
            Assert.Ignore("This machine has no Unix domain sockets.");
        await StartAsync(Transports.NewEndpoint(transport), new RompServerOptions { Acl = new RompAcl("deny", "all", "allow", "localhost") }, cancellationToken);

        await AssertRefusedAsync(cancellationToken);
    }

    [TestCase(Transports.Unix)]
    [TestCase(Transports.Inproc)]
    public async Task Acl_PeerWithoutAddressAgainstAllowAll_Served(string transport, CancellationToken cancellationToken)
    {
        if (transport == Transports.Unix && !Socket.OSSupportsUnixDomainSockets)
            Assert.Ignore("This machine has no Unix domain sockets.");
        await StartAsync(Transports.NewEndpoint(transport), new RompServerOptions { Acl = new RompAcl("deny", "all", "allow", "localhost", "allow", "all") }, cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
    }

    private static bool HasIPv6Loopback()
    {
        if (!Socket.OSSupportsIPv6)
            return false;
        try
        {
            using var probe = new Socket(AddressFamily.InterNetworkV6, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(IPAddress.IPv6Loopback, 0));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
