using Romp.Tests.Contracts;

namespace Romp.Tests.Security;

/// <summary>The limits a server operator sets, over real sockets: each refuses the excess with a reason and keeps serving.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class LimitTests
{
    [Test]
    public async Task MaxConnections_OneMore_RefusedWithGoodbyeThatSaysWhy_RoomAgainOnceOneLeaves(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxConnections = 2 });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        var firstClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        RompClient first = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        await using RompClient second = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        RompException? refused = Assert.ThrowsAsync<RompException>(async () => await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken));
        server.ConnectionClosed += (_, e) =>
        {
            if (e.Error?.Error == RompError.ClosedConnection)
                firstClosed.TrySetResult();
        };
        await first.DisposeAsync();
        await firstClosed.Task.WaitAsync(cancellationToken);
        await using RompClient third = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(refused.Message, Does.Contain("MaxConnections"));
        ICalculator calc = await third.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(await calc.AddAsync(2, 3), Is.EqualTo(5));
        Assert.That(server.ConnectionCount, Is.EqualTo(2));
    }

    [Test]
    public async Task MaxReferences_OneMore_CallFails_ConnectionStays_RoomAgainAfterRelease(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxReferences = 3 });
        server.Bind<ICounterFactory>("factory", new CounterFactory());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        ICounterFactory factory = await client.ResolveAsync<ICounterFactory>("factory", cancellationToken); // the first of three

        ICounter a = await factory.CreateAsync("a");
        ICounter b = await factory.CreateAsync("b");
        RompException? full = Assert.ThrowsAsync<RompException>(async () => await factory.CreateAsync("c"));
        RompProxy.Release(a);
        await client.SyncAsync(cancellationToken);
        ICounter c = await factory.CreateAsync("c");

        Assert.That(full!.Error, Is.EqualTo(RompError.UnexportableObject));
        Assert.That(full.Message, Does.Contain("MaxReferences"));
        Assert.That((await b.IncrementAsync(), await c.IncrementAsync()), Is.EqualTo((1, 1)));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task MaxReferences_ReachedByResolve_ResolveFails_ConnectionStays(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxReferences = 1 });
        server.Bind<ICalculator>("calc", new Calculator());
        server.Bind<ICalculator>("calc2", new Calculator());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        RompException? full = Assert.ThrowsAsync<RompException>(async () => await client.ResolveAsync<ICalculator>("calc2", cancellationToken));

        Assert.That(full!.Error, Is.EqualTo(RompError.UnexportableObject));
        Assert.That(await calc.AddAsync(1, 1), Is.EqualTo(2));
    }

    [TestCase(0)]
    [TestCase(-1)]
    public void Limits_OutOfRange_RefusedWhenTheServerIsMade(int value)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxConnections = value }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxReferences = value }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { MaxOpenStreams = value }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { FrameReadTimeout = TimeSpan.FromSeconds(value) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { KeepAliveInterval = TimeSpan.FromSeconds(value) }));
        Assert.Throws<ArgumentOutOfRangeException>(() => _ = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { KeepAliveTimeout = TimeSpan.FromSeconds(value) }));
    }
}
