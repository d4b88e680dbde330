using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Romp;

/// <summary>What <see cref="RompServerOptions.Authenticate"/> decides on: the client's credentials and how it reached the server.</summary>
public sealed class RompAuthenticationContext
{
    internal RompAuthenticationContext(RompCredentials? credentials, EndPoint? remoteEndPoint, X509Certificate2? clientCertificate, CancellationToken cancellationToken)
    {
        Credentials = credentials;
        RemoteEndPoint = remoteEndPoint;
        ClientCertificate = clientCertificate;
        CancellationToken = cancellationToken;
    }

    /// <summary>The client's <see cref="RompClientOptions.Credentials"/>; null when it sent none.</summary>
    public RompCredentials? Credentials { get; }

    /// <summary>The client's address, when the transport has one.</summary>
    public EndPoint? RemoteEndPoint { get; }

    /// <summary>The client's certificate, verified by TLS, under mutual TLS; null otherwise.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Fires when the handshake timeout runs out or the server stops: the check should give up then.</summary>
    public CancellationToken CancellationToken { get; }
}
