using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace Romp.Bench.Peers;

/// <summary>
/// gRPC for .NET over HTTP/2 cleartext: one <see cref="GrpcChannel"/> on one HTTP/2 connection, the generated
/// <see cref="BenchPeer.BenchPeerClient"/>, protobuf messages. The oneway workload is a client stream.
/// </summary>
internal sealed class GrpcPeerClient(string address) : IPeerClient
{
    private GrpcChannel? _channel;
    private BenchPeer.BenchPeerClient? _client;
    private AsyncClientStreamingCall<IntMessage, TickCount>? _ticks;

    public string Transport => "h2c";

    public string Stack => $"Grpc.Net.Client {PackageVersion.Of(typeof(GrpcChannel))} and Grpc.AspNetCore {PackageVersion.Of(typeof(Grpc.AspNetCore.Server.GrpcServiceOptions))} on Kestrel, "
        + $"Google.Protobuf {PackageVersion.Of(typeof(IMessage))}, HTTP/2 cleartext, one connection";

    public string OnewayNote => "not a true one-way: one client-streaming call carrying the messages, answered once at the end";

    private BenchPeer.BenchPeerClient Client => _client ?? throw new InvalidOperationException("Not connected.");

    public async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            // One HTTP/2 connection, as Romp's scenarios use one connection (64 streams stay under Kestrel's 100 per
            // connection, so this changes nothing but makes it certain); no proxy, so the traffic stays on loopback.
            HttpHandler = new SocketsHttpHandler { EnableMultipleHttp2Connections = false, UseProxy = false },
        });
        _client = new BenchPeer.BenchPeerClient(_channel);
        // The channel connects on its first call.
        using AsyncUnaryCall<TickCount> call = _client.TicksAsync(new NoArguments(), cancellationToken: cancellationToken);
        await call.ResponseAsync.ConfigureAwait(false);
    }

    public async Task<int> EchoAsync(int value)
    {
        using AsyncUnaryCall<IntMessage> call = Client.EchoAsync(new IntMessage { Value = value });
        return (await call.ResponseAsync.ConfigureAwait(false)).Value;
    }

    public async Task<ReadOnlyMemory<byte>> EchoBytesAsync(byte[] data)
    {
        // UnsafeWrap: no copy of the payload into the ByteString, as a user who cares about speed would write it.
        using AsyncUnaryCall<BytesMessage> call = Client.EchoBytesAsync(new BytesMessage { Data = UnsafeByteOperations.UnsafeWrap(data) });
        return (await call.ResponseAsync.ConfigureAwait(false)).Data.Memory;
    }

    public async Task<long> TicksAsync()
    {
        using AsyncUnaryCall<TickCount> call = Client.TicksAsync(new NoArguments());
        return (await call.ResponseAsync.ConfigureAwait(false)).Value;
    }

    public ValueTask BeginTicksAsync()
    {
        _ticks = Client.Tick();
        return default;
    }

    public Task SendTickAsync(int value) =>
        (_ticks ?? throw new InvalidOperationException("No tick stream.")).RequestStream.WriteAsync(new IntMessage { Value = value });

    public async ValueTask EndTicksAsync(long sent)
    {
        AsyncClientStreamingCall<IntMessage, TickCount> ticks = _ticks ?? throw new InvalidOperationException("No tick stream.");
        _ticks = null;
        using (ticks)
        {
            await ticks.RequestStream.CompleteAsync().ConfigureAwait(false);
            TickCount read = await ticks.ResponseAsync.ConfigureAwait(false);
            if (read.Value != sent)
                throw new BenchFailedException($"gRPC: the client stream carried {sent:N0} messages but the server read {read.Value:N0}.");
        }
    }

    public async Task<long> WaitForTicksAsync(long target)
    {
        using AsyncUnaryCall<TickCount> call = Client.WaitForTicksAsync(new TickCount { Value = target });
        return (await call.ResponseAsync.ConfigureAwait(false)).Value;
    }

    public ValueTask DisposeAsync()
    {
        _ticks?.Dispose();
        _channel?.Dispose();
        return default;
    }
}
