using System.Buffers;
using System.IO.Pipelines;
using System.Net;
using Microsoft.Extensions.Logging;
using Romp.Internal;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.Transport;

/// <summary>
/// One Romp conversation over a transport. Symmetric: either side may call objects the other side exported to this
/// connection, so a server can call back into a client over the same connection. Owns the transport's pipes: one read
/// loop parses frames, any thread may write them.
/// </summary>
internal sealed partial class RompConnection : IAsyncDisposable
{
    private static long s_nextId;

    private readonly TransportConnection _transport;
    private readonly PipeReader _input;
    private readonly PipeWriter _output;
    private readonly ConnectionSettings _settings;
    private readonly ObjectDirectory? _directory;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _peerMaxFrameSize = 1024;

    public RompConnection(TransportConnection transport, ConnectionSettings settings, ObjectDirectory? directory, string role)
    {
        _transport = transport;
        _input = transport.Input;
        _output = transport.Output;
        _settings = settings;
        _directory = directory;
        _logger = settings.Logger;
        Exports = new ExportTable();
        Imports = new ImportTable(this);
        Id = Interlocked.Increment(ref s_nextId);
        Role = role;
        _onewayLane = new OrderedLane(this);
    }

    public long Id { get; }

    public string Role { get; }

    public EndPoint? RemoteEndPoint => _transport.RemoteEndPoint;

    /// <summary>The objects the peer may call on this connection.</summary>
    public ExportTable Exports { get; }

    public uint StreamWindow => _settings.StreamWindow;

    /// <summary>Completes once the connection is closed, whichever side closed it.</summary>
    public Task Completion => _closed.Task;

    /// <summary>Why the connection closed (null while open, or after an orderly local close).</summary>
    public RompException? CloseReason { get; private set; }

    /// <summary>
    /// Exchanges hellos: each side sends its own at once and then checks the peer's as its bytes arrive, so a peer that
    /// does not speak Romp is refused on its first bytes and one that says nothing is dropped after the timeout.
    /// </summary>
    public async Task HandshakeAsync(CancellationToken cancellationToken)
    {
        Handshake.Write(_output.GetSpan(Handshake.Size), _settings.MaxFrameSize);
        _output.Advance(Handshake.Size);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_settings.HandshakeTimeout);
        try
        {
            while (true)
            {
                ReadResult result = await _input.ReadAsync(timeout.Token).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = result.Buffer;
                bool done = Handshake.TryRead(ref buffer, out int peerMax);
                if (done)
                {
                    // Frames may have arrived with the hello: leave them unexamined so the read loop sees them at once.
                    _input.AdvanceTo(buffer.Start);
                    _peerMaxFrameSize = peerMax;
                    return;
                }

                _input.AdvanceTo(buffer.Start, buffer.End);

                if (result.IsCompleted)
                    throw ClosedDuringHandshake(received: !buffer.IsEmpty);
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RompException(RompError.Timeout, $"The peer did not complete the Romp handshake within {_settings.HandshakeTimeout.TotalSeconds:0.#} s.");
        }
        catch (Exception error) when (error is not RompException and not OperationCanceledException)
        {
            // A reset before the hello: a refusing acceptor closes with our hello unread, which the kernel turns into RST.
            throw ClosedDuringHandshake(received: false, error);
        }
    }

    private RompException ClosedDuringHandshake(bool received, Exception? cause = null) => received
        ? new RompException(RompError.InvalidPartner, "The peer closed the connection in the middle of the Romp handshake.", cause)
        : Role == "client"
            ? new RompException(RompError.AccessDenied, "The server closed the connection before the Romp handshake: its acceptor refused this client, or it is not a Romp server.", cause)
            : new RompException(RompError.ConnectionBroken, "The client closed the connection before the Romp handshake.", cause);

    /// <summary>Starts the read loop; call once, after a successful handshake.</summary>
    public void Start() => _readLoop = Task.Run(ReadLoopAsync);

    public override string ToString() => $"{Role} connection #{Id}";
}
