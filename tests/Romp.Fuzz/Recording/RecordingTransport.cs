using System.Net;
using System.Net.Sockets;
using Romp.Transport;

namespace Romp.Fuzz.Recording;

/// <summary>
/// The <c>rec://host:port</c> scheme: a TCP connection to a loopback server whose client→server bytes are kept, so a
/// real <see cref="RompClient"/> writes the conversations the fuzzer later replays and mutates.
/// </summary>
internal sealed class RecordingTransport : RompTransport
{
    public const string SchemeName = "rec";

    // Owned here: the stream of the last connection made, read once the client is gone.
    private RecordingStream? _last;

    public override string Scheme => SchemeName;

    /// <summary>What the last connection's client sent, hello first.</summary>
    public byte[] TakeRecording() => Interlocked.Exchange(ref _last, null)?.Written() ?? [];

    public override async ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        var remote = IPEndPoint.Parse(endpoint.Address);
        if (!IPAddress.IsLoopback(remote.Address))
            throw new ArgumentException("The recording transport connects to loopback only.", nameof(endpoint));
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(remote, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        var recording = new RecordingStream(new NetworkStream(socket, ownsSocket: true));
        _last = recording;
        return RompTransportConnection.FromStream(recording, remote);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The recording transport only connects.");
}
