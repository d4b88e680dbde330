using System.Net;
using System.Net.Security;
using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompServer"/>: those of each connection it accepts, and the listener's own.</summary>
public sealed class RompServerOptions : RompConnectionOptions
{
    /// <summary>
    /// ROMP's acceptor: called with the peer's address (null for in-process connections) before any byte is read;
    /// returning <see langword="false"/> closes the connection at once.
    /// </summary>
    public Func<EndPoint?, bool>? Acceptor { get; set; }

    /// <summary>
    /// How long <see cref="RompServer.DisposeAsync"/> lets calls in flight finish before it cancels them (default 5 s).
    /// </summary>
    public TimeSpan DisposeGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// TLS for a <c>tls://host:port</c> endpoint: the certificate to present (<see cref="SslServerAuthenticationOptions.ServerCertificate"/>,
    /// <see cref="SslServerAuthenticationOptions.ServerCertificateContext"/> or a selection callback), and, for mutual TLS,
    /// <see cref="SslServerAuthenticationOptions.ClientCertificateRequired"/>. Client certificates are validated as
    /// SslStream does by default (chain and name against the system store, or
    /// <see cref="SslServerAuthenticationOptions.CertificateChainPolicy"/>) unless you set
    /// <see cref="SslServerAuthenticationOptions.RemoteCertificateValidationCallback"/>; a connection's
    /// <see cref="RompConnection.RemoteCertificate"/> is then the client's certificate.
    /// </summary>
    /// <remarks>
    /// Only <c>tls://</c> reads it: a <c>tcp://</c> endpoint stays plaintext whatever is set here. A <c>tls://</c> server
    /// without a certificate fails in <see cref="RompServer.StartAsync"/> with <see cref="InvalidOperationException"/>.
    /// The TLS handshake of each connection counts against <see cref="RompConnectionOptions.HandshakeTimeout"/>.
    /// </remarks>
    public SslServerAuthenticationOptions? Tls { get; set; }

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();
}
