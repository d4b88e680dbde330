using System.IO.Pipelines;
using System.Net;
using System.Security.Cryptography.X509Certificates;

namespace Romp.Transport;

/// <summary>
/// One open byte stream between two peers, as a pair of pipes. Every transport comes down to this; a Romp connection
/// reads and writes only the pipes, and never assumes more of them than <see cref="PipeReader"/> and <see cref="PipeWriter"/> promise.
/// </summary>
public abstract class RompTransportConnection : IDuplexPipe, IAsyncDisposable
{
    /// <inheritdoc />
    public abstract PipeReader Input { get; }

    /// <inheritdoc />
    public abstract PipeWriter Output { get; }

    /// <summary>The peer's address, when the transport has one (a server's acceptor receives it); null otherwise.</summary>
    public virtual EndPoint? RemoteEndPoint => null;

    /// <summary>
    /// The certificate the peer proved it holds while the connection opened (the client's certificate under mutual TLS,
    /// the server's on a client), or null when the transport has none.
    /// </summary>
    public virtual X509Certificate2? RemoteCertificate => null;

    /// <summary>
    /// Finishes setting the connection up before the first Romp byte: a TLS transport authenticates here. The Romp
    /// connection calls it once, within its handshake timeout, off any accept loop; the default does nothing.
    /// </summary>
    /// <param name="cancellationToken">Fires when the handshake timeout runs out or the connection is closed.</param>
    /// <exception cref="RompException">The peer could not be set up with, with an error that says why.</exception>
    public virtual ValueTask OpenAsync(CancellationToken cancellationToken) => default;

    /// <summary>Tears the connection down at once, without flushing: the peer sees it vanish.</summary>
    public abstract void Abort();

    /// <summary>Closes in an orderly way: what was flushed reaches the peer, then the stream ends.</summary>
    public abstract ValueTask DisposeAsync();

    /// <summary>
    /// A connection over <paramref name="stream"/> (a named pipe, an SslStream, a child process's standard streams): reads
    /// and writes go straight to the stream, and disposing the connection disposes it.
    /// </summary>
    /// <param name="stream">A readable and writable stream, or the stream to read from when <paramref name="output"/> is given.</param>
    /// <param name="remoteEndPoint">The peer's address, if the stream has one.</param>
    /// <param name="output">A separate stream to write to, for a pair such as a process's stdin and stdout.</param>
    public static RompTransportConnection FromStream(Stream stream, EndPoint? remoteEndPoint = null, Stream? output = null) =>
        new StreamTransportConnection(stream, output ?? stream, remoteEndPoint);

    /// <summary>A connection over an existing pair of pipes; disposing it completes both.</summary>
    public static RompTransportConnection FromPipe(IDuplexPipe pipe, EndPoint? remoteEndPoint = null) =>
        new PipeTransportConnection(pipe, remoteEndPoint);
}
