using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Romp.Tests.Support;

/// <summary>
/// Certificates made once per test run with <see cref="CertificateRequest"/>, so that no private key is ever checked in:
/// a test authority, leaves it signed (a server for localhost, 127.0.0.1 and ::1; one expired; one for another host; a
/// client), and a self-signed server leaf nobody trusts. Clients trust the authority through
/// <see cref="X509ChainPolicy.CustomTrustStore"/>, so SslStream's own chain and name checks still run.
/// </summary>
public static class TestCertificates
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private static readonly Lazy<X509Certificate2> s_authority = new(CreateAuthority);
    private static readonly Lazy<X509Certificate2> s_server = new(() => CreateLeaf("CN=localhost", ServerAuth, LoopbackNames(), DateTimeOffset.UtcNow.AddDays(30)));
    private static readonly Lazy<X509Certificate2> s_expired = new(() => CreateLeaf("CN=localhost", ServerAuth, LoopbackNames(), DateTimeOffset.UtcNow.AddDays(-1)));
    private static readonly Lazy<X509Certificate2> s_wrongHost = new(() => CreateLeaf("CN=elsewhere.example", ServerAuth, Names(dns: "elsewhere.example"), DateTimeOffset.UtcNow.AddDays(30)));
    private static readonly Lazy<X509Certificate2> s_client = new(() => CreateLeaf("CN=romp-test-client", ClientAuth, names: null, DateTimeOffset.UtcNow.AddDays(30)));
    private static readonly Lazy<X509Certificate2> s_selfSigned = new(CreateSelfSigned);

    /// <summary>The test authority: the root every leaf but <see cref="SelfSigned"/> chains to.</summary>
    public static X509Certificate2 Authority => s_authority.Value;

    /// <summary>A server leaf for localhost, 127.0.0.1 and ::1, valid for a month.</summary>
    public static X509Certificate2 Server => s_server.Value;

    /// <summary>A server leaf for the loopback names that expired yesterday.</summary>
    public static X509Certificate2 Expired => s_expired.Value;

    /// <summary>A valid server leaf for elsewhere.example only.</summary>
    public static X509Certificate2 WrongHost => s_wrongHost.Value;

    /// <summary>A client leaf (client-authentication usage) signed by the authority.</summary>
    public static X509Certificate2 Client => s_client.Value;

    /// <summary>A server leaf for the loopback names that signs itself, so no chain leads to a trusted root.</summary>
    public static X509Certificate2 SelfSigned => s_selfSigned.Value;

    /// <summary>Client options that trust <see cref="Authority"/> alone, offering <paramref name="clientCertificate"/> if given.</summary>
    public static SslClientAuthenticationOptions ClientOptions(X509Certificate2? clientCertificate = null) => new()
    {
        CertificateChainPolicy = TrustAuthority(),
        ClientCertificates = clientCertificate is null ? null : new X509CertificateCollection { clientCertificate },
    };

    /// <summary>Server options presenting <paramref name="certificate"/>; with mutual TLS, client certificates must chain to <see cref="Authority"/>.</summary>
    public static SslServerAuthenticationOptions ServerOptions(X509Certificate2 certificate, bool requireClientCertificate = false) => new()
    {
        ServerCertificate = certificate,
        ClientCertificateRequired = requireClientCertificate,
        CertificateChainPolicy = requireClientCertificate ? TrustAuthority() : null,
    };

    /// <summary>A chain policy whose only root is <see cref="Authority"/>; revocation is not checked (the test CA publishes no CRL).</summary>
    public static X509ChainPolicy TrustAuthority()
    {
        var policy = new X509ChainPolicy
        {
            TrustMode = X509ChainTrustMode.CustomRootTrust,
            RevocationMode = X509RevocationMode.NoCheck,
        };
        policy.CustomTrustStore.Add(Authority);
        return policy;
    }

    private static X509Certificate2 CreateAuthority()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Romp Test Authority", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: true, hasPathLengthConstraint: true, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-1), DateTimeOffset.UtcNow.AddYears(1));
        return Reload(created);
    }

    private static X509Certificate2 CreateLeaf(string subject, string usage, X509Extension? names, DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = LeafRequest(subject, usage, names, key);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Authority, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F; // a positive serial number
        using X509Certificate2 signed = request.Create(Authority, notAfter.AddDays(-60), notAfter, serial);
        using X509Certificate2 withKey = signed.CopyWithPrivateKey(key);
        return Reload(withKey);
    }

    private static X509Certificate2 CreateSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        CertificateRequest request = LeafRequest("CN=localhost", ServerAuth, LoopbackNames(), key);
        using X509Certificate2 created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        return Reload(created);
    }

    private static CertificateRequest LeafRequest(string subject, string usage, X509Extension? names, ECDsa key)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(certificateAuthority: false, hasPathLengthConstraint: false, pathLengthConstraint: 0, critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(new OidCollection { new Oid(usage) }, critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        if (names is not null)
            request.CertificateExtensions.Add(names);
        return request;
    }

    private static X509Extension LoopbackNames() => Names(dns: "localhost", IPAddress.Loopback, IPAddress.IPv6Loopback);

    private static X509Extension Names(string dns, params IPAddress[] addresses)
    {
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(dns);
        foreach (IPAddress address in addresses)
            names.AddIpAddress(address);
        return names.Build();
    }

    // A key made by CertificateRequest is ephemeral; SslStream wants one it can hand to the platform's TLS (Windows'
    // SChannel cannot use an ephemeral key at all), so every certificate goes through PKCS#12 once, in memory.
    private static X509Certificate2 Reload(X509Certificate2 certificate) =>
        X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), password: null);
}
