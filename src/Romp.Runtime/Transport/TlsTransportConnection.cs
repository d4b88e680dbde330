using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Romp.Transport;

/// <summary>
/// A TCP socket under TLS: an SslStream over the socket's <see cref="NetworkStream"/>, read and written like any stream
/// connection. The TLS handshake runs in <see cref="OpenAsync"/>, within the Romp connection's handshake timeout and off
/// the accept loop; nothing reads or writes the stream before it.
/// </summary>
internal sealed class TlsTransportConnection : SocketTransportConnection
{
    private readonly SslStream _ssl;
    private readonly RompEndpoint? _endpoint; // the server a client connects to; null on a server
    private readonly SslServerAuthenticationOptions? _serverOptions; // the user's, shared by the server's connections, never changed
    private readonly SslClientAuthenticationOptions? _clientOptions; // this connection's own copy
    private readonly RemoteCertificateValidationCallback? _userValidation; // the client user's own check, if any

    // Written by ValidateServerCertificate during the client's handshake, read by OpenAsync once the handshake ended.
    private ServerCertificateCheck _serverCheck;
    private string? _refusal;

    private X509Certificate2? _remoteCertificate; // set once, when OpenAsync succeeds

    private TlsTransportConnection(Socket socket, SslStream ssl, RompEndpoint? endpoint, SslServerAuthenticationOptions? serverOptions, SslClientAuthenticationOptions? clientOptions)
        : base(socket, ssl)
    {
        _ssl = ssl;
        _endpoint = endpoint;
        _serverOptions = serverOptions;
        _clientOptions = clientOptions;
        if (clientOptions is not null)
        {
            // The copy is ours to change: our check records why a certificate was refused, and decides exactly as
            // SslStream would without a callback (no policy error at all), or as the user's callback does.
            _userValidation = clientOptions.RemoteCertificateValidationCallback;
            clientOptions.RemoteCertificateValidationCallback = ValidateServerCertificate;
        }
    }

    private enum ServerCertificateCheck
    {
        NotReached,
        Accepted,
        Refused,
    }

    public override X509Certificate2? RemoteCertificate => Volatile.Read(ref _remoteCertificate);

    /// <summary>A server's side of an accepted socket, to authenticate with <paramref name="options"/>.</summary>
    /// <exception cref="SocketException">The socket was reset already.</exception>
    public static TlsTransportConnection CreateServer(Socket socket, SslServerAuthenticationOptions options)
    {
        SendSmallWritesAtOnce(socket);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        return new TlsTransportConnection(socket, ssl, endpoint: null, options, clientOptions: null);
    }

    /// <summary>A client's side of a socket connected to <paramref name="endpoint"/>; <paramref name="options"/> must be a copy of its own.</summary>
    /// <exception cref="SocketException">The socket was reset already.</exception>
    public static TlsTransportConnection CreateClient(Socket socket, RompEndpoint endpoint, SslClientAuthenticationOptions options)
    {
        SendSmallWritesAtOnce(socket);
        var ssl = new SslStream(new NetworkStream(socket, ownsSocket: true), leaveInnerStreamOpen: false);
        return new TlsTransportConnection(socket, ssl, endpoint, serverOptions: null, options);
    }

    public override async ValueTask OpenAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (_serverOptions is not null && !await ClientStartsTlsAsync(cancellationToken).ConfigureAwait(false))
            {
                throw new RompException(RompError.AccessFailed,
                    $"The client {RemoteEndPoint} did not start a TLS handshake (a tcp:// client?); it was refused with a TLS alert.");
            }

            if (_serverOptions is not null)
                await _ssl.AuthenticateAsServerAsync(_serverOptions, cancellationToken).ConfigureAwait(false);
            else
                await _ssl.AuthenticateAsClientAsync(_clientOptions!, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error) when (cancellationToken.IsCancellationRequested && error is not OperationCanceledException)
        {
            // The timeout or a close broke the stream under the handshake: that, not the broken stream, is what happened.
            throw new OperationCanceledException("The TLS handshake was cancelled.", error, cancellationToken);
        }
        catch (Exception error) when (error is AuthenticationException or IOException)
        {
            throw new RompException(RompError.AccessFailed, _serverOptions is not null ? DescribeServerFailure(error) : DescribeClientFailure(error), error);
        }

        // Once read, SslStream leaves the certificate to us and no longer disposes it; we leave it to its finalizer, so
        // that it stays usable for as long as anyone holds it.
        Volatile.Write(ref _remoteCertificate, _ssl.RemoteCertificate as X509Certificate2);
    }

    /// <summary>
    /// Looks at the client's first byte before SslStream reads it. A TLS client starts with a handshake record (22). A
    /// plaintext Romp client starts with its hello instead: it gets a TLS alert, which it can recognise and report as
    /// "the server speaks TLS", rather than a silent close it could not tell from a refusal.
    /// </summary>
    private async ValueTask<bool> ClientStartsTlsAsync(CancellationToken cancellationToken)
    {
        byte[] first = new byte[1];
        int peeked = await Socket.ReceiveAsync(first, SocketFlags.Peek, cancellationToken).ConfigureAwait(false);
        if (peeked == 0 || first[0] == TlsHandshakeRecord)
            return true; // a close is SslStream's to report
        try
        {
            await Socket.SendAsync(s_unexpectedMessageAlert, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            Socket.Shutdown(SocketShutdown.Send);
            // What the client sent is read and dropped, so that closing does not reset the connection under the alert.
            using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            drain.CancelAfter(s_drainTimeout);
            byte[] sink = new byte[256];
            while (await Socket.ReceiveAsync(sink, SocketFlags.None, drain.Token).ConfigureAwait(false) > 0)
            {
            }
        }
        catch (Exception error) when (error is SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client is gone, or lingers: it has had the alert.
        }

        return false;
    }

    private const byte TlsHandshakeRecord = 22;

    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(2);

    // A TLS record (type 21, alert; version 3.1; length 2): fatal (2), unexpected_message (10).
    private static readonly byte[] s_unexpectedMessageAlert = [21, 3, 1, 0, 2, 2, 10];

    // close_notify before the FIN: the peer can tell the end of our stream from a truncation.
    protected override async ValueTask OnOutputCompletedAsync()
    {
        if (_ssl.IsAuthenticated)
        {
            try
            {
                await _ssl.ShutdownAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is IOException or ObjectDisposedException or InvalidOperationException)
            {
                // The peer is gone: the FIN below, or the dispose after it, is all that is left to do.
            }
        }

        await base.OnOutputCompletedAsync().ConfigureAwait(false);
    }

    private bool ValidateServerCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        bool accepted = _userValidation is { } user ? user(sender, certificate, chain, errors) : errors == SslPolicyErrors.None;
        _serverCheck = accepted ? ServerCertificateCheck.Accepted : ServerCertificateCheck.Refused;
        if (!accepted)
            _refusal = DescribeRefusal(certificate, chain, errors);
        return accepted;
    }

    private string DescribeRefusal(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (errors == SslPolicyErrors.None)
            return "the RemoteCertificateValidationCallback in RompClientOptions.Tls refused it";
        var why = new StringBuilder();
        if ((errors & SslPolicyErrors.RemoteCertificateNotAvailable) != 0)
            why.Append("the server sent none");
        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
            Append(why, $"it is not issued for '{_clientOptions!.TargetHost}' (RemoteCertificateNameMismatch)");
        if ((errors & SslPolicyErrors.RemoteCertificateChainErrors) != 0)
        {
            X509ChainStatusFlags status = X509ChainStatusFlags.NoError;
            foreach (X509ChainStatus element in chain?.ChainStatus ?? [])
                status |= element.Status;
            Append(why, $"its chain does not validate (RemoteCertificateChainErrors: {status})");
        }

        if (certificate is not null)
            why.Append($"; subject '{certificate.Subject}', issuer '{certificate.Issuer}'");
        return why.ToString();
    }

    private string DescribeClientFailure(Exception error) => _serverCheck switch
    {
        ServerCertificateCheck.Refused =>
            $"The TLS handshake with {_endpoint} failed: the server's certificate was refused: {_refusal}.",
        ServerCertificateCheck.Accepted => OffersClientCertificate(_clientOptions!)
            ? $"The TLS handshake with {_endpoint} failed after the server's certificate was accepted: {Causes(error)}. The server may have refused this client's certificate."
            : $"The TLS handshake with {_endpoint} failed after the server's certificate was accepted: {Causes(error)}. The server may require a client certificate, and RompClientOptions.Tls offers none.",
        _ => $"The TLS handshake with {_endpoint} failed before the server showed a certificate: {Causes(error)}. The server may not use TLS (a tcp:// server?), its acceptor may have refused this client, or it shares no TLS version or cipher with this client.",
    };

    private string DescribeServerFailure(Exception error) => _serverOptions!.ClientCertificateRequired
        ? $"The TLS handshake with {RemoteEndPoint} failed: {Causes(error)}. The client may not use TLS (a tcp:// client?), or its client certificate is missing or refused."
        : $"The TLS handshake with {RemoteEndPoint} failed: {Causes(error)}. The client may not use TLS (a tcp:// client?).";

    private static bool OffersClientCertificate(SslClientAuthenticationOptions options) =>
        options.ClientCertificates is { Count: > 0 } || options.ClientCertificateContext is not null || options.LocalCertificateSelectionCallback is not null;

    // SslStream's own message is often "see inner exception": the reason is further down.
    private static string Causes(Exception error)
    {
        var causes = new StringBuilder();
        for (Exception? e = error; e is not null; e = e.InnerException)
            Append(causes, e.Message.TrimEnd('.'), "; ");
        return causes.ToString();
    }

    private static void Append(StringBuilder builder, string text, string separator = ", ")
    {
        if (builder.Length > 0)
            builder.Append(separator);
        builder.Append(text);
    }
}
