using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Romp.Transport;

/// <summary>
/// The built-in TLS transport, <c>tls://host:port</c>: TCP as <see cref="SocketTransport.Tcp"/> connects and listens, with
/// an SslStream over each socket (<see cref="TlsTransportConnection"/>). The server's settings are
/// <see cref="RompServerOptions.Tls"/>, the client's <see cref="RompClientOptions.Tls"/>.
/// </summary>
/// <remarks>
/// <see cref="RompConnectionOptions.ReceiveSpin"/> is ignored: a read through SslStream cannot poll the socket, so TLS
/// reads always park. A TLS handshake that fails is <see cref="RompError.AccessFailed"/> on the side that saw it fail,
/// whatever the cause (a certificate refused, a peer that does not speak TLS); the message says which. A server that
/// refuses a client certificate often does so after the client's side of the handshake has ended: the client then
/// sees the server close before the Romp hello (<see cref="RompError.AccessDenied"/>, with a message that says so).
/// </remarks>
internal sealed class TlsTransport : RompTransport
{
    public const string TlsScheme = "tls";

    private TlsTransport()
    {
    }

    public static TlsTransport Instance { get; } = new();

    public override string Scheme => TlsScheme;

    public override void Validate(RompEndpoint endpoint) => SocketTransport.SplitHostPort(endpoint);

    public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        SslClientAuthenticationOptions tls = ClientOptionsFor(endpoint, (options as RompClientOptions)?.Tls);
        return SocketTransport.Tcp.ConnectAsync(endpoint, socket => TlsTransportConnection.CreateClient(socket, endpoint, tls), cancellationToken);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        SslServerAuthenticationOptions tls = (options as RompServerOptions)?.Tls
            ?? throw new InvalidOperationException($"Cannot listen on {endpoint}: a tls:// server needs RompServerOptions.Tls with a ServerCertificate.");
        if (tls.ServerCertificate is null && tls.ServerCertificateContext is null && tls.ServerCertificateSelectionCallback is null)
            throw new InvalidOperationException(
                $"Cannot listen on {endpoint}: RompServerOptions.Tls has no certificate (set ServerCertificate, ServerCertificateContext or ServerCertificateSelectionCallback).");
        if (tls.ServerCertificate is X509Certificate2 { HasPrivateKey: false })
            throw new InvalidOperationException($"Cannot listen on {endpoint}: the ServerCertificate in RompServerOptions.Tls has no private key.");

        // The user's options serve every connection as they are: SslStream copies what it needs and changes nothing.
        return ValueTask.FromResult(SocketTransport.Tcp.Listen(endpoint, socket => TlsTransportConnection.CreateServer(socket, tls)));
    }

    /// <summary>
    /// A copy of the user's options for one connection (the defaults when there are none), with the endpoint's host as
    /// the name to check the server's certificate against when the user named none. The user's object is never changed.
    /// </summary>
    internal static SslClientAuthenticationOptions ClientOptionsFor(RompEndpoint endpoint, SslClientAuthenticationOptions? user)
    {
        var copy = new SslClientAuthenticationOptions();
        if (user is not null)
        {
            copy.AllowRenegotiation = user.AllowRenegotiation;
            copy.AllowTlsResume = user.AllowTlsResume;
            copy.ApplicationProtocols = user.ApplicationProtocols;
            copy.CertificateChainPolicy = user.CertificateChainPolicy;
            copy.CertificateRevocationCheckMode = user.CertificateRevocationCheckMode;
            copy.CipherSuitesPolicy = user.CipherSuitesPolicy;
            copy.ClientCertificateContext = user.ClientCertificateContext;
            copy.ClientCertificates = user.ClientCertificates;
            copy.EnabledSslProtocols = user.EnabledSslProtocols;
#pragma warning disable SYSLIB0040 // obsolete for callers who set it; a copy must carry whatever they set
            copy.EncryptionPolicy = user.EncryptionPolicy;
#pragma warning restore SYSLIB0040
            copy.LocalCertificateSelectionCallback = user.LocalCertificateSelectionCallback;
            copy.RemoteCertificateValidationCallback = user.RemoteCertificateValidationCallback;
            copy.TargetHost = user.TargetHost;
#if NET10_0_OR_GREATER
            if (OperatingSystem.IsLinux() || OperatingSystem.IsWindows()) // settable there only
            {
                copy.AllowRsaPkcs1Padding = user.AllowRsaPkcs1Padding;
                copy.AllowRsaPssPadding = user.AllowRsaPssPadding;
            }
#endif
        }

        copy.TargetHost ??= SocketTransport.SplitHostPort(endpoint).Host;
        return copy;
    }
}
