using System.IO.Pipelines;
using System.Net;

namespace Romp.Transport;

/// <summary>
/// One open byte stream between two peers, exposed as a pair of pipes. Every transport (socket, in-process, and later
/// TLS) comes down to this; <see cref="RompConnection"/> only ever sees the pipes.
/// </summary>
/// <remarks>The output is always a <see cref="Pipe"/>'s writer: RompConnection relies on that to keep writing while a flush waits.</remarks>
internal abstract class TransportConnection : IAsyncDisposable
{
    public abstract PipeReader Input { get; }

    public abstract PipeWriter Output { get; }

    /// <summary>The peer's address, when the transport has one (the acceptor hook receives it).</summary>
    public abstract EndPoint? RemoteEndPoint { get; }

    /// <summary>Tears the connection down at once, without flushing: the peer sees it vanish.</summary>
    public abstract void Abort();

    /// <summary>Flushes what was written, closes, and waits for the transport's own loops to end.</summary>
    public abstract ValueTask DisposeAsync();
}
