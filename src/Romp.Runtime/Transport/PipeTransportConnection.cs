using System.IO.Pipelines;
using System.Net;

namespace Romp.Transport;

/// <summary>A connection over a pair of pipes someone else made (an in-process pipe pair, or a caller's <see cref="IDuplexPipe"/>).</summary>
internal sealed class PipeTransportConnection(IDuplexPipe pipe, EndPoint? remoteEndPoint) : RompTransportConnection
{
    public override PipeReader Input => pipe.Input;

    public override PipeWriter Output => pipe.Output;

    public override EndPoint? RemoteEndPoint => remoteEndPoint;

    public override void Abort()
    {
        var broken = new IOException("The connection was aborted.");
        pipe.Output.Complete(broken);
        pipe.Input.Complete(broken);
    }

    public override ValueTask DisposeAsync()
    {
        pipe.Output.Complete();
        pipe.Input.Complete();
        return ValueTask.CompletedTask;
    }
}
