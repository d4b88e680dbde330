using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using System.Threading.Channels;

namespace Romp.Transport;

/// <summary>
/// In-process transport: a connection is two <see cref="Pipe"/>s crossed between client and server, with no socket
/// and no copy beyond the pipes themselves. Names are process-wide.
/// </summary>
internal sealed class InprocListener : TransportListener
{
    private static readonly ConcurrentDictionary<string, InprocListener> s_listeners = new(StringComparer.Ordinal);

    private readonly Channel<TransportConnection> _pending = Channel.CreateUnbounded<TransportConnection>();
    private readonly string _name;
    private readonly PipeSettings _settings;

    private InprocListener(string name, PipeSettings settings)
    {
        _name = name;
        _settings = settings;
    }

    public override string Endpoint => $"{RompEndpoint.Inproc}://{_name}";

    public static InprocListener Start(RompEndpoint endpoint, PipeSettings settings)
    {
        var listener = new InprocListener(endpoint.Address, settings);
        if (!s_listeners.TryAdd(endpoint.Address, listener))
            throw new RompException(RompError.AccessFailed, $"Could not listen on {endpoint}: the name is in use in this process.");
        return listener;
    }

    public static TransportConnection Connect(RompEndpoint endpoint, PipeSettings clientSettings)
    {
        if (!s_listeners.TryGetValue(endpoint.Address, out InprocListener? listener))
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: nothing listens on that name.");

        // Each pipe is sized for the limit of the side that reads it.
        var toServer = new Pipe(PipeSettings.For(listener._settings.MaxFrameSize));
        var toClient = new Pipe(PipeSettings.For(clientSettings.MaxFrameSize));
        var client = new InprocConnection(toClient.Reader, toServer.Writer);
        var server = new InprocConnection(toServer.Reader, toClient.Writer);
        if (!listener._pending.Writer.TryWrite(server))
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: the listener stopped.");
        return client;
    }

    public override async ValueTask<TransportConnection?> AcceptAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await _pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
        {
            return null;
        }
    }

    public override ValueTask DisposeAsync()
    {
        s_listeners.TryRemove(new KeyValuePair<string, InprocListener>(_name, this));
        _pending.Writer.TryComplete();
        while (_pending.Reader.TryRead(out TransportConnection? orphan))
            orphan.Abort();
        return ValueTask.CompletedTask;
    }

    private sealed class InprocConnection(PipeReader input, PipeWriter output) : TransportConnection
    {
        public override PipeReader Input => input;

        public override PipeWriter Output => output;

        public override EndPoint? RemoteEndPoint => null;

        public override void Abort()
        {
            var broken = new IOException("The in-process connection was aborted.");
            output.Complete(broken);
            input.Complete(broken);
        }

        public override ValueTask DisposeAsync()
        {
            output.Complete();
            input.Complete();
            return ValueTask.CompletedTask;
        }
    }
}
