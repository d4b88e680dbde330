using System.Net.Security;
using Romp.Transport;

namespace Romp;

/// <summary>Settings of a <see cref="RompClient"/>: those of its connection, and how it connects.</summary>
public sealed class RompClientOptions : RompConnectionOptions
{
    /// <summary>How long connecting plus the Romp handshake may take (default 10 s).</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// What the client does when its connection is lost: null (the default) closes it for good, as a plain socket
    /// would; a policy such as <see cref="RompReconnectPolicy.Exponential"/> connects again in the background, resolves
    /// the named proxies again, and decides whether calls made meanwhile wait or fail fast. See
    /// <see cref="RompClient"/> for what comes back and what does not.
    /// </summary>
    public RompReconnectPolicy? Reconnect { get; set; }

    /// <summary>
    /// Who this client says it is, such as <see cref="RompCredentials.Bearer"/>: sent once, in the handshake, and only to
    /// a server that asks for credentials (<see cref="RompServerOptions.Authenticate"/>). Without TLS they travel in the
    /// clear, and a warning is logged.
    /// </summary>
    public RompCredentials? Credentials { get; set; }

    /// <summary>
    /// TLS for a <c>tls://host:port</c> endpoint; without it, the defaults. The server's certificate is validated as
    /// SslStream does by default: its chain against the system store (or
    /// <see cref="SslClientAuthenticationOptions.CertificateChainPolicy"/>, for a private authority), and its name against
    /// <see cref="SslClientAuthenticationOptions.TargetHost"/>, which is the endpoint's host when you leave it null. Only a
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> of your own decides otherwise.
    /// For mutual TLS, give a client certificate in <see cref="SslClientAuthenticationOptions.ClientCertificates"/> or
    /// <see cref="SslClientAuthenticationOptions.ClientCertificateContext"/>.
    /// </summary>
    /// <remarks>
    /// Each connection uses a copy: this object is never changed. Only <c>tls://</c> reads it; a <c>tcp://</c> endpoint
    /// stays plaintext whatever is set here. A failed TLS handshake is a <see cref="RompException"/> with
    /// <see cref="RompError.AccessFailed"/> whose message says why.
    /// </remarks>
    public SslClientAuthenticationOptions? Tls { get; set; }

    /// <summary>The transports the endpoint's scheme is looked up in: the built-in ones, and any you add.</summary>
    public RompTransportCollection Transports { get; } = new();
}
