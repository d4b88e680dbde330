using System.Net;
using System.Net.Sockets;
using Romp.Bench.Raw;
using StreamJsonRpc;

namespace Romp.Bench.Peers;

/// <summary>
/// StreamJsonRpc over one TCP connection, with its MessagePack formatter behind a length header (the usual setup for
/// MessagePack over a stream). Calls go by method name through <see cref="JsonRpc.InvokeAsync{TResult}(string, object?)"/>;
/// the oneway workload is JSON-RPC notifications.
/// </summary>
internal sealed class JsonRpcPeerClient(string endpoint) : IPeerClient
{
    private NetworkStream? _stream;
    private JsonRpc? _rpc;

    public string Transport => "tcp";

    public string Stack => $"StreamJsonRpc {PackageVersion.Of(typeof(JsonRpc))}, MessagePackFormatter (MessagePack {PackageVersion.Of(typeof(MessagePack.MessagePackSerializer))}) "
        + "with LengthHeaderMessageHandler, one TCP connection, TCP_NODELAY";

    public string OnewayNote => "JSON-RPC notifications (NotifyAsync), then a request that waits until the server has run them all";

    private JsonRpc Rpc => _rpc ?? throw new InvalidOperationException("Not connected.");

    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        var target = (IPEndPoint)RawEndpoint.Parse(endpoint);
        var socket = new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // Kestrel and SocketsHttpHandler (under the other peers) and Romp all turn Nagle off; so would a user tuning this.
            socket.NoDelay = true;
            await socket.ConnectAsync(target, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        _stream = new NetworkStream(socket, ownsSocket: true);
        _rpc = new JsonRpc(new LengthHeaderMessageHandler(_stream, _stream, new MessagePackFormatter()));
        _rpc.StartListening();
        await _rpc.InvokeWithCancellationAsync<long>(JsonRpcBenchTarget.TicksMethod, null, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> EchoAsync(int value) => Rpc.InvokeAsync<int>(JsonRpcBenchTarget.EchoMethod, value);

    public async Task<ReadOnlyMemory<byte>> EchoBytesAsync(byte[] data) =>
        await Rpc.InvokeAsync<byte[]>(JsonRpcBenchTarget.EchoBytesMethod, data).ConfigureAwait(false);

    public Task<long> TicksAsync() => Rpc.InvokeAsync<long>(JsonRpcBenchTarget.TicksMethod);

    public ValueTask BeginTicksAsync() => default;

    public Task SendTickAsync(int value) => Rpc.NotifyAsync(JsonRpcBenchTarget.TickMethod, value);

    public ValueTask EndTicksAsync(long sent) => default;

    public Task<long> WaitForTicksAsync(long target) => Rpc.InvokeAsync<long>(JsonRpcBenchTarget.WaitForTicksMethod, target);

    public async ValueTask DisposeAsync()
    {
        if (_rpc is not null)
        {
            _rpc.Dispose();
            try
            {
                await _rpc.Completion.ConfigureAwait(false);
            }
            catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException or RemoteRpcException)
            {
                // Closing is what was asked for; how the read loop noticed does not matter.
            }
        }

        if (_stream is not null)
            await _stream.DisposeAsync().ConfigureAwait(false);
    }
}
