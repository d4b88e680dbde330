using System.IO.Pipelines;
using System.Net;

namespace Romp.Transport;

/// <summary>A connection over a pair of pipes someone else made (an in-process pipe pair, or a caller's <see cref="IDuplexPipe"/>).</summary>
internal sealed class PipeTransportConnection(IDuplexPipe pipe, EndPoint? remoteEndPoint) : RompTransportConnection
{
    public override PipeReader Input => pipe.Input;

    public override PipeWriter Output => pipe.Output;

    public override EndPoint? RemoteEndPoint => remoteEndPoint;

    // Only what is safe while the pipes are in use on other threads: the peer's reads fail, and our read loop is told
    // to stop (it completes its own input; completing it from here would hand back buffers it is still parsing).
    public override void Abort()
    {
        try
        {
            pipe.Output.Complete(new IOException("The connection was aborted."));
            pipe.Input.CancelPendingRead();
        }
        catch (InvalidOperationException)
        {
            // Already completed by its owner.
        }
    }

    public override ValueTask DisposeAsync()
    {
        pipe.Output.Complete();
        pipe.Input.Complete();
        return ValueTask.CompletedTask;
    }
}
