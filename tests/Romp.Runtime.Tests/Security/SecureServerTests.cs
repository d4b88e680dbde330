using System.Security.Claims;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Security;

/// <summary>TLS, mutual TLS and credentials together, as a production server sets them up.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class SecureServerTests
{
    [Test]
    public async Task TlsAndBearerToken_CallerSeenWithPrincipal(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartAsync(new RompServerOptions
        {
            Tls = TestCertificates.ServerOptions(TestCertificates.Server),
            Authenticate = static context => ValueTask.FromResult(context.Credentials?.Value == "alice-token"
                ? AuthenticationTests.Principal("alice", "user")
                : null),
        }, cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions
        {
            Tls = TestCertificates.ClientOptions(),
            Credentials = RompCredentials.Bearer("alice-token"),
        }, cancellationToken);
        IIdentityProbe probe = await client.ResolveAsync<IIdentityProbe>("probe", cancellationToken);

        Assert.That(await probe.WhoAmIAsync(), Is.EqualTo("alice"));
        Assert.That(await probe.CallerCertificateAsync(), Is.Null, "no client certificate without mutual TLS");
    }

    [Test]
    public async Task MutualTls_AuthenticateMapsTheCertificate_CallSeesIt(CancellationToken cancellationToken)
    {
        X509Probe seen = new();
        await using RompServer server = await StartAsync(new RompServerOptions
        {
            Tls = TestCertificates.ServerOptions(TestCertificates.Server, requireClientCertificate: true),
            Authenticate = context =>
            {
                seen.Thumbprint = context.ClientCertificate?.Thumbprint;
                ClaimsPrincipal? principal = context.ClientCertificate is { } certificate && context.Credentials is null
                    ? AuthenticationTests.Principal(certificate.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false), "service")
                    : null;
                return ValueTask.FromResult(principal);
            },
        }, cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions
        {
            Tls = TestCertificates.ClientOptions(TestCertificates.Client),
        }, cancellationToken);
        IIdentityProbe probe = await client.ResolveAsync<IIdentityProbe>("probe", cancellationToken);

        Assert.That(seen.Thumbprint, Is.EqualTo(TestCertificates.Client.Thumbprint));
        Assert.That(await probe.CallerCertificateAsync(), Is.EqualTo(TestCertificates.Client.Thumbprint));
        Assert.That(await probe.WhoAmIAsync(), Is.EqualTo(TestCertificates.Client.GetNameInfo(System.Security.Cryptography.X509Certificates.X509NameType.SimpleName, false)));
    }

    private static async Task<RompServer> StartAsync(RompServerOptions options, CancellationToken cancellationToken)
    {
        var server = new RompServer("tls://127.0.0.1:0", options);
        server.Bind<IIdentityProbe>("probe", new IdentityProbe());
        await server.StartAsync(cancellationToken);
        return server;
    }

    private sealed class X509Probe
    {
        public string? Thumbprint { get; set; }
    }
}
