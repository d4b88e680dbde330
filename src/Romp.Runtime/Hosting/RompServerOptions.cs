using System.Net;
using System.Net.Security;
using System.Security.Claims;
using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompServer"/>: those of each connection it accepts, and the listener's own.</summary>
public sealed class RompServerOptions : RompConnectionOptions
{
    /// <summary>
    /// DRb's access control list (default null: every peer is admitted). Each accepted connection is checked against it
    /// first, before <see cref="Acceptor"/> and before any byte is read or written; one it refuses is closed at once and
    /// reported by <see cref="RompServer.ConnectionClosed"/> with <see cref="RompError.AccessDenied"/>.
    /// </summary>
    public RompAcl? Acl { get; set; }

    /// <summary>
    /// ROMP's acceptor: called with the peer's address (null for in-process connections) before any byte is read, for
    /// connections the <see cref="Acl"/> admitted; returning <see langword="false"/> closes the connection at once.
    /// </summary>
    public Func<EndPoint?, bool>? Acceptor { get; set; }

    /// <summary>
    /// Checks each client before it may use anything: called once per connection, in the handshake (within
    /// <see cref="RompConnectionOptions.HandshakeTimeout"/>), with the client's <see cref="RompClientOptions.Credentials"/>
    /// (null when it has none), its address and, under mutual TLS, its verified certificate. Return the principal the
    /// client acts as (<see cref="RompCallContext.Principal"/>), or null to refuse it: the client's connect then fails
    /// with <see cref="RompError.AccessDenied"/>, and no name can have been resolved. Throw a
    /// <see cref="RompException"/> with <see cref="RompError.AccessDenied"/> to tell the client why; any other exception
    /// refuses it too, is logged, and is not shown to the client. Null (the default) takes every client.
    /// </summary>
    public Func<RompAuthenticationContext, ValueTask<ClaimsPrincipal?>>? Authenticate { get; set; }

    /// <summary>
    /// The most client connections open at once, counting those still in their handshake (default 10,000). One more is
    /// refused with a GOODBYE that says so (<see cref="RompError.AccessDenied"/>), so that a flood of connections cannot
    /// exhaust the server's memory or file descriptors.
    /// </summary>
    public int MaxConnections { get; set; } = 10_000;

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

    /// <summary>
    /// Whether a client may ask what this server offers (<see cref="RompClient.DescribeAsync"/>, the <c>romp</c> tool):
    /// the bound names, their contracts, and each method's signature with its parameter and result types. Off by
    /// default: then the request fails with <see cref="RompError.AccessDenied"/> and the connection stays open. When on,
    /// a caller sees only the names its principal may resolve (their <see cref="RompPolicy"/> allows it), and only after
    /// the <see cref="Acl"/>, the <see cref="Acceptor"/> and <see cref="Authenticate"/> let its connection in.
    /// </summary>
    public bool EnableDescribe { get; set; }

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();

    internal override void Validate()
    {
        base.Validate();
        if (MaxConnections < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxConnections), MaxConnections, "MaxConnections must be at least 1.");
    }
}
