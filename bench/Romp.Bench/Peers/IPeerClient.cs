namespace Romp.Bench.Peers;

/// <summary>
/// One peer framework's client on one connection, as the peer scenarios drive it. Each method is the plain way that
/// framework's users make the call; the scenarios time the calls and check what comes back.
/// </summary>
internal interface IPeerClient : IAsyncDisposable
{
    /// <summary>What the transport column says: the wire under the framework (h2c, tcp, ws).</summary>
    string Transport { get; }

    /// <summary>The library, its version, its serializer and its transport, for the header of a run.</summary>
    string Stack { get; }

    /// <summary>What the oneway workload really is on this framework.</summary>
    string OnewayNote { get; }

    /// <summary>Opens the connection (and, where the framework connects lazily, makes one call so that it is open).</summary>
    ValueTask ConnectAsync(CancellationToken cancellationToken);

    /// <summary>A request answered with <paramref name="value"/>.</summary>
    Task<int> EchoAsync(int value);

    /// <summary>A request answered with <paramref name="data"/>.</summary>
    Task<ReadOnlyMemory<byte>> EchoBytesAsync(byte[] data);

    /// <summary>The server's count of one-way messages.</summary>
    Task<long> TicksAsync();

    /// <summary>Starts a batch of one-way messages (gRPC opens its client stream here).</summary>
    ValueTask BeginTicksAsync();

    /// <summary>One one-way message; completes when the framework has taken it (not when the server has run it).</summary>
    Task SendTickAsync(int value);

    /// <summary>Ends the batch; gRPC completes its stream and checks that the server read <paramref name="sent"/> messages.</summary>
    ValueTask EndTicksAsync(long sent);

    /// <summary>A request that waits (up to 30 s, on the server) until it has counted <paramref name="target"/> one-way messages; returns the count then.</summary>
    Task<long> WaitForTicksAsync(long target);
}
