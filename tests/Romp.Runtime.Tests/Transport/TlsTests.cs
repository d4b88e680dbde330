using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Transport;

/// <summary>
/// <c>tls://</c> over real loopback sockets, with certificates made at test time (<see cref="TestCertificates"/>): calls
/// round-trip, each side sees the certificate the other proved, and every way a TLS connection can go wrong (a refused
/// certificate, a missing client certificate, plaintext on one side, a silent peer) ends quickly in a RompException
/// that says TLS, never in a hang.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class TlsTests
{
    private const string Loopback = "tls://127.0.0.1:0";

    [Test]
    public async Task Call_OverTlsLoopback_RoundTrips(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken);
        var options = new RompClientOptions { Tls = TestCertificates.ClientOptions() };

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, options, cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        byte[] large = new byte[256 * 1024];
        Random.Shared.NextBytes(large);

        Assert.That(server.Endpoint, Does.Match(@"^tls://127\.0\.0\.1:[1-9][0-9]*$"));
        Assert.That(await calc.AddAsync(2, 40, cancellationToken), Is.EqualTo(42));
        Assert.That(await calc.EchoBytesAsync(large), Is.EqualTo(large), "a payload of many TLS records arrives whole");
        Assert.That(client.Connection.RemoteCertificate?.Thumbprint, Is.EqualTo(TestCertificates.Server.Thumbprint));
        Assert.That(server.Connections.Single().RemoteCertificate, Is.Null, "the client offered no certificate");
        Assert.That(options.Tls!.TargetHost, Is.Null, "the endpoint's host went into a copy, not into the user's options");
    }

    [Test]
    public async Task Call_OverTlsIpv6Loopback_RoundTrips(CancellationToken cancellationToken)
    {
        if (!Socket.OSSupportsIPv6)
            Assert.Ignore("IPv6 is not available on this machine.");
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken, "tls://[::1]:0");

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Assert.That(server.Endpoint, Does.StartWith("tls://[::1]:"));
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
    }

    [Test]
    public async Task Connect_TargetHostGiven_ServerCertificateCheckedForThatName(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.WrongHost), cancellationToken);
        SslClientAuthenticationOptions tls = TestCertificates.ClientOptions();
        tls.TargetHost = "elsewhere.example";

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = tls }, cancellationToken);

        Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
    }

    [TestCase("expired", "NotTimeValid")]
    [TestCase("self-signed", "UntrustedRoot")]
    [TestCase("wrong host", "RemoteCertificateNameMismatch")]
    public async Task Connect_ServerCertificateRefused_AccessFailedSayingWhy(string certificate, string reason, CancellationToken cancellationToken)
    {
        X509Certificate2 presented = certificate switch
        {
            "expired" => TestCertificates.Expired,
            "self-signed" => TestCertificates.SelfSigned,
            _ => TestCertificates.WrongHost,
        };
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(presented), cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(error.Message, Does.Contain("TLS").And.Contain("certificate was refused").And.Contain(reason));
    }

    [Test]
    public async Task Connect_NoTlsOptions_ValidatesAgainstTheSystemStoreAndRefusesTheTestAuthority(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(error.Message, Does.Contain("TLS").And.Contain("RemoteCertificateChainErrors"));
    }

    [Test]
    public async Task Connect_UserCallbackAcceptsAnyCertificate_SelfSignedServerServes(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.SelfSigned), cancellationToken);
        SslPolicyErrors seen = SslPolicyErrors.None;
        var tls = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, _, _, errors) =>
            {
                seen = errors;
                return true;
            },
        };

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = tls }, cancellationToken);

        Assert.That(seen, Is.EqualTo(SslPolicyErrors.RemoteCertificateChainErrors), "the callback saw what the default check found");
        Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(3, 4, cancellationToken), Is.EqualTo(7));
    }

    [TestCase(SslProtocols.Tls12)]
    [TestCase(SslProtocols.Tls13)]
    public async Task MutualTls_ClientWithoutCertificate_RefusedSayingClientCertificate(SslProtocols protocol, CancellationToken cancellationToken)
    {
        SslServerAuthenticationOptions tls = TestCertificates.ServerOptions(TestCertificates.Server, requireClientCertificate: true);
        tls.EnabledSslProtocols = protocol;
        await using RompServer server = await StartServerAsync(tls, cancellationToken, closed: out Task<RompConnectionClosedEventArgs> closed);

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken));

        // TLS 1.2 refuses within the client's TLS handshake; TLS 1.3 only after it, when the Romp hello finds the server gone.
        Assert.That(error!.Error, Is.AnyOf(RompError.AccessFailed, RompError.AccessDenied));
        Assert.That(error.Message, Does.Contain("TLS").And.Contain("client certificate"));
        RompConnectionClosedEventArgs refused = await closed.WaitAsync(cancellationToken);
        Assert.That(refused.Error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(refused.Error.Message, Does.Contain("TLS").And.Contain("client certificate"));
    }

    [Test]
    public async Task MutualTls_ClientWithCertificate_EachSideSeesThePeersCertificate(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(
            TestCertificates.ServerOptions(TestCertificates.Server, requireClientCertificate: true), cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(
            server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions(TestCertificates.Client) }, cancellationToken);
        Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(5, 6, cancellationToken), Is.EqualTo(11));

        Assert.That(server.Connections.Single().RemoteCertificate?.Thumbprint, Is.EqualTo(TestCertificates.Client.Thumbprint));
        Assert.That(client.Connection.RemoteCertificate?.Thumbprint, Is.EqualTo(TestCertificates.Server.Thumbprint));
    }

    [Test]
    public async Task TlsClient_PlaintextServer_AccessFailedHintingTheServerMayNotUseTls(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        var serverClosed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => serverClosed.TrySetResult(e);
        await server.StartAsync(cancellationToken);
        string endpoint = "tls://" + server.Endpoint["tcp://".Length..];

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync(endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(error.Message, Does.Contain("TLS").And.Contain("may not use TLS"));
        RompConnectionClosedEventArgs refused = await serverClosed.Task.WaitAsync(cancellationToken);
        Assert.That(refused.Error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(refused.Error.Message, Does.Contain("speaks TLS"), "the plaintext server saw a TLS client hello");
    }

    [Test]
    public async Task PlaintextClient_TlsServer_RefusedWithMessagesSayingTls(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(
            TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken, closed: out Task<RompConnectionClosedEventArgs> closed);
        string endpoint = "tcp://" + server.Endpoint["tls://".Length..];

        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken));

        // The server answers the plaintext hello with a TLS alert, which the client recognises.
        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidPartner));
        Assert.That(error.Message, Does.Contain("speaks TLS").And.Contain("tls://"));
        RompConnectionClosedEventArgs refused = await closed.WaitAsync(cancellationToken);
        Assert.That(refused.Error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(refused.Error.Message, Does.Contain("did not start a TLS handshake"));
    }

    [Test]
    public async Task Acceptor_RefusesTlsClient_RefusedBeforeTlsWithAccessFailed(CancellationToken cancellationToken)
    {
        var options = new RompServerOptions { Tls = TestCertificates.ServerOptions(TestCertificates.Server), Acceptor = _ => false };
        await using var server = new RompServer(Loopback, options);
        await server.StartAsync(cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(error.Message, Does.Contain("TLS").And.Contain("acceptor"));
    }

    [Test]
    public async Task SilentPeer_TlsServer_DroppedAfterHandshakeTimeout(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartServerAsync(
            TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken, closed: out Task<RompConnectionClosedEventArgs> closed,
            handshakeTimeout: TimeSpan.FromMilliseconds(300));
        await using RawPeer peer = await RawPeer.ConnectAsync(server.Endpoint, cancellationToken);

        await peer.ReadToEndAsync(cancellationToken);

        RompConnectionClosedEventArgs dropped = await closed.WaitAsync(cancellationToken);
        Assert.That(dropped.Error!.Error, Is.EqualTo(RompError.Timeout));
    }

    [Test]
    public async Task SilentServer_TlsClient_TimesOutInTheHandshake(CancellationToken cancellationToken)
    {
        // Listening, so the kernel completes the connect, but never accepted: no byte ever comes back.
        using var silent = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        silent.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        silent.Listen(1);
        var options = new RompClientOptions { Tls = TestCertificates.ClientOptions(), HandshakeTimeout = TimeSpan.FromMilliseconds(300) };

        RompException? error = Assert.ThrowsAsync<RompException>(() =>
            RompClient.ConnectAsync($"tls://127.0.0.1:{((IPEndPoint)silent.LocalEndPoint!).Port}", options, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
    }

    [Test]
    public async Task ServerStops_TlsClient_ClosesWithListenerKilled(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync(TestCertificates.ServerOptions(TestCertificates.Server), cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { Tls = TestCertificates.ClientOptions() }, cancellationToken);
        Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(1, 1, cancellationToken), Is.EqualTo(2));

        await server.DisposeAsync();
        await client.Completion.WaitAsync(cancellationToken);

        Assert.That(client.CloseReason?.Error, Is.EqualTo(RompError.ListenerKilled), "GOODBYE, then close_notify, crossed TLS in order");
    }

    [Test]
    public async Task Server_TlsWithoutOptions_StartAsyncThrowsInvalidOperation(CancellationToken cancellationToken)
    {
        await using var server = new RompServer(Loopback);

        Assert.That(() => server.StartAsync(cancellationToken), Throws.InvalidOperationException.With.Message.Contains("RompServerOptions.Tls"));
    }

    [Test]
    public async Task Server_TlsWithoutCertificate_StartAsyncThrowsInvalidOperation(CancellationToken cancellationToken)
    {
        await using var server = new RompServer(Loopback, new RompServerOptions { Tls = new SslServerAuthenticationOptions() });

        Assert.That(() => server.StartAsync(cancellationToken), Throws.InvalidOperationException.With.Message.Contains("ServerCertificate"));
    }

    [Test]
    public async Task Server_CertificateWithoutPrivateKey_StartAsyncThrowsInvalidOperation(CancellationToken cancellationToken)
    {
        using X509Certificate2 publicOnly = X509CertificateLoader.LoadCertificate(TestCertificates.Server.RawData);
        await using var server = new RompServer(Loopback, new RompServerOptions { Tls = TestCertificates.ServerOptions(publicOnly) });

        Assert.That(() => server.StartAsync(cancellationToken), Throws.InvalidOperationException.With.Message.Contains("private key"));
    }

    [TestCase("tls://127.0.0.1")]
    [TestCase("tls://127.0.0.1:99999")]
    public void Server_MalformedTlsEndpoint_ArgumentExceptionSaysTls(string endpoint) =>
        Assert.That(() => new RompServer(endpoint), Throws.ArgumentException.With.Message.Contains("expected tls://host:port"));

    private static Task<RompServer> StartServerAsync(SslServerAuthenticationOptions tls, CancellationToken cancellationToken, string endpoint = Loopback) =>
        StartServerAsync(tls, cancellationToken, out _, endpoint);

    private static Task<RompServer> StartServerAsync(
        SslServerAuthenticationOptions tls, CancellationToken cancellationToken, out Task<RompConnectionClosedEventArgs> closed,
        string endpoint = Loopback, TimeSpan? handshakeTimeout = null)
    {
        var server = new RompServer(endpoint, new RompServerOptions { Tls = tls, HandshakeTimeout = handshakeTimeout ?? TimeSpan.FromSeconds(10) });
        var firstClosed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, e) => firstClosed.TrySetResult(e);
        server.Bind<ICalculator>("calc", new Calculator());
        closed = firstClosed.Task;
        return StartedAsync(server, cancellationToken);
    }

    private static async Task<RompServer> StartedAsync(RompServer server, CancellationToken cancellationToken)
    {
        await server.StartAsync(cancellationToken);
        return server;
    }
}
