using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Threading.Channels;
using Romp.Internal;
using Romp.Protocol;

namespace Romp.Transport;

/// <summary>
/// The built-in in-process transport, <c>inproc://name</c>: a connection is two <see cref="Pipe"/>s crossed between the
/// two sides, with no socket and no copy beyond the pipes themselves. Names are process-wide, like ports.
/// </summary>
internal sealed class InprocTransport : RompTransport
{
    public const string InprocScheme = "inproc";

    private const long MinimumPause = 1024 * 1024;

    private static readonly ConcurrentDictionary<string, Listener> s_listeners = new(StringComparer.Ordinal);

    private InprocTransport()
    {
    }

    public static InprocTransport Instance { get; } = new();

    public override string Scheme => InprocScheme;

    public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        if (!s_listeners.TryGetValue(endpoint.Address, out Listener? listener))
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: nothing listens on that name.");

        // Each pipe is sized for the side that reads it: it must hold that side's largest frame whole.
        var toServer = new Pipe(OptionsFor(listener.MaxFrameSize));
        var toClient = new Pipe(OptionsFor(options.MaxFrameSize));
        var client = new PipeTransportConnection(new DuplexPipe(toClient.Reader, toServer.Writer), remoteEndPoint: null);
        var server = new PipeTransportConnection(new DuplexPipe(toServer.Reader, toClient.Writer), remoteEndPoint: null);
        if (!listener.Pending.Writer.TryWrite(server))
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: the listener stopped.");
        return ValueTask.FromResult<RompTransportConnection>(client);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        var listener = new Listener(endpoint.Address, options.MaxFrameSize);
        if (!s_listeners.TryAdd(endpoint.Address, listener))
            throw new RompException(RompError.AccessFailed, $"Could not listen on {endpoint}: the name is in use in this process.");
        return ValueTask.FromResult<RompTransportListener>(listener);
    }

    // The pause threshold must exceed the largest frame, or a frame that big could never be buffered whole and the
    // reader would wait forever for the rest.
    private static PipeOptions OptionsFor(int readerMaxFrameSize)
    {
        long pause = Math.Max(MinimumPause, (long)readerMaxFrameSize + FrameHeader.Size + 64 * 1024);
        return new PipeOptions(
            pool: BlockMemoryPool.Instance,
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            minimumSegmentSize: BlockMemoryPool.BlockSize,
            useSynchronizationContext: false);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    private sealed class Listener(string name, int maxFrameSize) : RompTransportListener
    {
        public Channel<RompTransportConnection> Pending { get; } = Channel.CreateUnbounded<RompTransportConnection>();

        public int MaxFrameSize => maxFrameSize;

        public override string Endpoint => $"{InprocScheme}://{name}";

        public override async ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken)
        {
            try
            {
                return await Pending.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ChannelClosedException or OperationCanceledException)
            {
                return null;
            }
        }

        public override ValueTask DisposeAsync()
        {
            s_listeners.TryRemove(new KeyValuePair<string, Listener>(name, this));
            Pending.Writer.TryComplete();
            while (Pending.Reader.TryRead(out RompTransportConnection? orphan))
                orphan.Abort();
            return ValueTask.CompletedTask;
        }
    }
}
