using Romp.Tests.Support;

namespace Romp.Tests.Connections;

/// <summary>A connection made with Create is inert until StartAsync, and closing it while it starts ends both cleanly.</summary>
[TestFixture]
[CancelAfter(15_000)]
public sealed class StartTests
{
    [Test]
    public async Task DisposeAsync_WhileTheHandshakeWaitsForThePeer_StartFailsWithClosedConnection(CancellationToken cancellationToken)
    {
        // The other end never says hello, so the handshake waits (up to its 10 s timeout) until the close stops it.
        var (local, _) = DuplexPipes.CreatePair();
        RompConnection connection = RompConnection.Create(local);
        Task start = connection.StartAsync(cancellationToken);

        await connection.DisposeAsync();

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await start);
        Assert.That(error!.Error, Is.EqualTo(RompError.ClosedConnection));
        Assert.That(connection.Completion.IsCompleted, Is.True);
        Assert.That(connection.CloseReason!.Error, Is.EqualTo(RompError.ClosedConnection));
    }

    [Test]
    public async Task ResolveAsync_BeforeStart_ThrowsWithoutWritingAnything(CancellationToken cancellationToken)
    {
        var (local, _) = DuplexPipes.CreatePair();
        await using RompConnection connection = RompConnection.Create(local);

        Assert.ThrowsAsync<InvalidOperationException>(async () => await connection.ResolveAsync<Romp.Tests.Contracts.ICalculator>("calc", cancellationToken));
        Assert.Throws<InvalidOperationException>(() => connection.SyncAsync(cancellationToken));
    }

    [Test]
    public async Task StartAsync_Twice_Throws(CancellationToken cancellationToken)
    {
        var (left, right) = DuplexPipes.CreatePair();
        await using RompConnection a = RompConnection.Create(left);
        await using RompConnection b = RompConnection.Create(right);
        await Task.WhenAll(a.StartAsync(cancellationToken), b.StartAsync(cancellationToken));

        Assert.ThrowsAsync<InvalidOperationException>(() => a.StartAsync(cancellationToken));
    }
}
