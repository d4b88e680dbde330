using System.Net;
using System.Net.Security;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Snippets;

/// <summary>The README's "Securing a server": TLS, a bearer token, and an object only admins may use.</summary>
public static class SecureServer
{
    public static async Task RunAsync()
    {
        // A certificate for this demo, trusted only by this demo; a real server loads its own.
        using X509Certificate2 certificate = CreateDemoCertificate();
        var trustOurAuthority = new X509ChainPolicy { TrustMode = X509ChainTrustMode.CustomRootTrust, CustomTrustStore = { certificate } };
        string token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        byte[] expectedToken = Encoding.UTF8.GetBytes(token);

        #region README
        // The server: an address list, TLS with its certificate, and every client's token checked before it may resolve anything.
        var serverOptions = new RompServerOptions
        {
            Acl = new RompAcl("deny", "all", "allow", "localhost", "allow", "10.0.0.0/8"),  // DRb's syntax and order
            Tls = new SslServerAuthenticationOptions { ServerCertificate = certificate },
            Authenticate = context => ValueTask.FromResult(context.Credentials is { Scheme: "Bearer" } presented
                && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented.Value), expectedToken)
                ? new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ops"), new Claim(ClaimTypes.Role, "admin")], "Bearer"))
                : null),
        };
        await using var server = new RompServer("tls://127.0.0.1:0", serverOptions);
        server.Bind<ICalculator>("calc", new Calculator());                                    // any client that authenticated
        server.Bind<ICalculator>("admin-calc", new Calculator(), RompPolicy.RequireRole("admin")); // admins only
        await server.StartAsync();

        // The client: checks the server's certificate (here against a private authority) and sends its token.
        var clientOptions = new RompClientOptions
        {
            Tls = new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = trustOurAuthority },
            Credentials = RompCredentials.Bearer(token),
        };
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, clientOptions);
        ICalculator admin = await client.ResolveAsync<ICalculator>("admin-calc");
        #endregion
        Console.WriteLine($"secure: 40 + 2 = {await admin.AddAsync(40, 2)} over {server.Endpoint}");

        RompException refused = await RefusedAsync(server.Endpoint, trustOurAuthority);
        Console.WriteLine($"secure: a wrong token gets {refused.Error}: {refused.Message}");
    }

    private static async Task<RompException> RefusedAsync(string endpoint, X509ChainPolicy trust)
    {
        try
        {
            await using RompClient intruder = await RompClient.ConnectAsync(endpoint, new RompClientOptions
            {
                Tls = new SslClientAuthenticationOptions { TargetHost = "localhost", CertificateChainPolicy = trust },
                Credentials = RompCredentials.Bearer("guessed"),
            });
        }
        catch (RompException error)
        {
            return error;
        }

        throw new InvalidOperationException("A wrong token was accepted.");
    }

    private static X509Certificate2 CreateDemoCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 created = request.CreateSelfSigned(now.AddMinutes(-5), now.AddHours(1));
        // Through PKCS#12, so the key is one every platform's TLS stack can use.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), password: null);
    }
}
