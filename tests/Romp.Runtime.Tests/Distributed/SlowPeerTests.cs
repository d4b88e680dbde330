using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// StalledWriteTimeout means "the peer made no progress", not "a flush took long": a slow but working peer keeps its
/// connection. (<see cref="StalledPeerTests"/> has the peers that take nothing and say nothing, and lose it.)
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(60_000)]
public sealed class SlowPeerTests
{
    private static readonly TimeSpan s_stalledWriteTimeout = TimeSpan.FromSeconds(2);

    /// <summary>
    /// The reported bug: a client flooding one-way calls at a server that runs about 900 a second. The server's read
    /// loop pauses at MaxConcurrentCalls, so one of the client's flushes (up to a megabyte) takes several seconds to
    /// be taken; that used to close the connection with SendFailed after StalledWriteTimeout, losing accepted calls.
    /// Over a Unix socket, whose kernel buffers are small and fixed, the backlog builds up within a few thousand calls.
    /// The server's short KeepAliveInterval makes its paused reader's proof-of-life PINGs come every 250 ms instead of
    /// every second, so that the test does not depend on this shared machine scheduling a thread within a second.
    /// </summary>
    [Test]
    public async Task OnewayFloodAtSlowServer_FlushesSlowerThanStalledWriteTimeout_NothingFailsAndEveryCallRunsOnce(CancellationToken cancellationToken)
    {
        const int Calls = 5000; // over five seconds of the server's work
        const int MaxConcurrentCalls = 64;
        var sink = new Sink(Calls);
        await using var server = new RompServer(Transports.NewEndpoint(Transports.Unix), new RompServerOptions { MaxConcurrentCalls = MaxConcurrentCalls, KeepAliveInterval = TimeSpan.FromMilliseconds(250) });
        server.Bind<ISink>("sink", sink);
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { StalledWriteTimeout = s_stalledWriteTimeout }, cancellationToken);
        ISink remote = await client.ResolveAsync<ISink>("sink", cancellationToken);
        byte[] payload = new byte[400];

        var flood = Stopwatch.StartNew();
        await Task.Run(() =>
        {
            for (int i = 0; i < Calls; i++)
                remote.Put(i, payload); // blocks while the output is backlogged, as a blocking socket would
        }, cancellationToken);
        await client.SyncAsync(cancellationToken);
        flood.Stop();

        Assert.That(flood.Elapsed, Is.GreaterThan(2 * s_stalledWriteTimeout), "the flood must outlast StalledWriteTimeout, or it proves nothing");
        Assert.That(sink.Runs, Is.All.EqualTo(1), "every one-way call ran exactly once");
        Assert.That(sink.MaxInProgress, Is.InRange(1, MaxConcurrentCalls), "the server's queue stayed bounded by MaxConcurrentCalls");
        Assert.That(client.Connection.CloseReason, Is.Null);
    }
}
