using System.IO.Pipes;
using Romp.Transport;

namespace Snippets;

#region README
/// <summary>pipe://name: .NET named pipes (a Unix-domain socket on Linux), as a Romp transport of its own.</summary>
public sealed class NamedPipeTransport : RompTransport
{
    public override string Scheme => "pipe";

    public override async ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
    {
        var pipe = new NamedPipeClientStream(".", endpoint.Address, PipeDirection.InOut, PipeOptions.Asynchronous);
        try
        {
            await pipe.ConnectAsync(cancellationToken);
        }
        catch (Exception error) when (error is IOException or TimeoutException)
        {
            await pipe.DisposeAsync();
            throw new RompException(RompError.AccessFailed, $"Could not connect to {endpoint}: {error.Message}", error);
        }

        return RompTransportConnection.FromStream(pipe);
    }

    public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
        ValueTask.FromResult<RompTransportListener>(new Listener(endpoint.Address));

    private sealed class Listener(string name) : RompTransportListener
    {
        public override string Endpoint => "pipe://" + name;

        public override async ValueTask<RompTransportConnection?> AcceptAsync(CancellationToken cancellationToken)
        {
            var pipe = new NamedPipeServerStream(name, PipeDirection.InOut, NamedPipeServerStream.MaxAllowedServerInstances,
                PipeTransmissionMode.Byte, PipeOptions.Asynchronous);
            try
            {
                await pipe.WaitForConnectionAsync(cancellationToken);
                return RompTransportConnection.FromStream(pipe);
            }
            catch (OperationCanceledException)
            {
                await pipe.DisposeAsync();
                return null; // the server is stopping
            }
        }

        public override ValueTask DisposeAsync() => default;
    }
}
#endregion
