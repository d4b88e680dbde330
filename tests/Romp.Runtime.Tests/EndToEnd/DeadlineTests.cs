using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// Deadlines between two Romp peers on a loopback socket: the caller gets <see cref="RompError.Timeout"/>, the server's
/// token fires, and calls made while serving a call inherit what is left of its deadline.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class DeadlineTests
{
    private static readonly TimeSpan s_short = TimeSpan.FromMilliseconds(200);

    private RompServer _server = null!;
    private DeadlineProbe _probe = null!;
    private readonly List<RompClient> _clients = new();

    [SetUp]
    public void CreateProbe() => _probe = new DeadlineProbe();

    [TearDown]
    public async Task StopAsync()
    {
        _probe.Release();
        foreach (RompClient client in _clients)
            await client.DisposeAsync();
        _clients.Clear();
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Test]
    public async Task Within_ServerWaitsOnToken_CallerGetsTimeoutAndServerTokenFires(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();
        var elapsed = Stopwatch.StartNew();

        ValueTask call;
        using (RompDeadline.Within(s_short))
            call = probe.WaitAsync(CancellationToken.None);

        // Either side's timer may end it first (the server's deadline is within a millisecond of ours): Timeout both ways.
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await call);
        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(elapsed.Elapsed, Is.GreaterThanOrEqualTo(s_short - TimeSpan.FromMilliseconds(10)));
        await _probe.Cancelled.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task Within_ServerNeverAnswers_CallerTimeoutNamesTheTimeAndTheScope(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();

        ValueTask call;
        using (RompDeadline.Within(s_short))
            call = probe.HoldAsync();

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await call);
        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(error.Message, Does.Contain("Romp.Tests.Contracts.IDeadlineProbe/HoldAsync of the peer's object #").And.Contain("200 ms").And.Contain("RompDeadline.Within"));
    }

    [Test]
    public async Task DefaultCallTimeout_ServerWaitsOnToken_CallerGetsTimeoutAndServerTokenFires(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(new RompClientOptions { DefaultCallTimeout = s_short });

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await probe.WaitAsync(CancellationToken.None));

        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        await _probe.Cancelled.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task DefaultCallTimeout_ServerNeverAnswers_CallerTimeoutNamesTheOption(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(new RompClientOptions { DefaultCallTimeout = s_short });

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await probe.HoldAsync());

        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(error.Message, Does.Contain("DefaultCallTimeout"));
    }

    [Test]
    public async Task DefaultCallTimeout_ServerReadsTheDeadline_SeesAtMostTheTimeout(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(new RompClientOptions { DefaultCallTimeout = TimeSpan.FromSeconds(30) });

        TimeSpan? remaining = await probe.RemainingAsync();

        Assert.That(remaining, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(30)).And.GreaterThan(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task Within_EarlierThanDefaultCallTimeout_ServerSeesTheScopesDeadline(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(new RompClientOptions { DefaultCallTimeout = TimeSpan.FromSeconds(30) });

        TimeSpan? remaining;
        using (RompDeadline.Within(TimeSpan.FromSeconds(1)))
            remaining = await probe.RemainingAsync();

        Assert.That(remaining, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(1)));
    }

    [Test]
    public async Task NoDeadline_ServedCall_SeesNone(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();

        Assert.That(await probe.RemainingAsync(), Is.Null);
        Assert.That(await probe.HasContextDeadlineAsync(), Is.False);
        using (RompDeadline.Within(TimeSpan.FromSeconds(10)))
            Assert.That(await probe.HasContextDeadlineAsync(), Is.True);
    }

    [Test]
    public async Task Within_ServerCallsBackTheClient_CallbackInheritsNoMoreThanWhatWasLeft(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();
        var local = new DeadlineProbe();

        (TimeSpan? Outer, TimeSpan? Inner) seen;
        using (RompDeadline.Within(TimeSpan.FromSeconds(10)))
            seen = await probe.RemainingThroughAsync(local);

        // The server sends what it has left, rounded down, and the callback counts from its arrival: never later.
        Assert.That(seen.Outer, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(10)));
        Assert.That(seen.Inner, Is.Not.Null.And.LessThanOrEqualTo(seen.Outer));
    }

    [Test]
    public async Task ServerDefaultCallTimeout_ServerCallsBackTheClient_CallbackHasTheServersTimeout(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(serverOptions: new RompServerOptions { DefaultCallTimeout = TimeSpan.FromSeconds(7) });
        var local = new DeadlineProbe();

        (TimeSpan? outer, TimeSpan? inner) = await probe.RemainingThroughAsync(local);

        Assert.That(outer, Is.Null);
        Assert.That(inner, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public async Task Within_CallerCancelsFirst_CallerGetsOperationCanceled(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();
        using var cts = new CancellationTokenSource();

        ValueTask call;
        using (RompDeadline.Within(TimeSpan.FromSeconds(20)))
            call = probe.WaitAsync(cts.Token);
        await _probe.Started.Task.WaitAsync(cancellationToken);
        await cts.CancelAsync();

        Assert.CatchAsync<OperationCanceledException>(async () => await call);
        await _probe.Cancelled.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task Within_Expired_FailsAtOnceWithoutSending(CancellationToken cancellationToken)
    {
        RompClient client = await ConnectClientAsync();
        IDeadlineProbe probe = await client.ResolveAsync<IDeadlineProbe>("probe", cancellationToken);

        using (RompDeadline.Within(TimeSpan.Zero))
        {
            RompException? error = Assert.ThrowsAsync<RompException>(async () => await probe.WaitAsync(CancellationToken.None));
            Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        }

        // SYNC is answered once everything sent before it has run: had the call gone out, it would have started.
        await client.SyncAsync(cancellationToken);
        Assert.That(_probe.Started.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task Within_StreamOutlivesTheDeadline_EndsWithTimeoutAndStopsTheProducer(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();
        var items = new List<int>();

        RompException? error;
        using (RompDeadline.Within(TimeSpan.FromMilliseconds(300)))
        {
            error = Assert.ThrowsAsync<RompException>(async () =>
            {
                await foreach (int item in probe.CountAsync(CancellationToken.None))
                    items.Add(item);
            });
        }

        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(items, Is.EqualTo(new[] { 0, 1 }));
        await _probe.Cancelled.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task Within_StreamProducerHolds_CallerEndsTheStreamWithTimeout(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync();
        var items = new List<int>();

        RompException? error;
        using (RompDeadline.Within(TimeSpan.FromMilliseconds(300)))
        {
            error = Assert.ThrowsAsync<RompException>(async () =>
            {
                await foreach (int item in probe.CountThenHoldAsync())
                    items.Add(item);
            });
        }

        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout));
        Assert.That(error.Message, Does.Contain("The stream of Romp.Tests.Contracts.IDeadlineProbe/CountThenHoldAsync of the peer's object #"));
        Assert.That(items, Is.EqualTo(new[] { 0, 1 }));
    }

    [Test]
    public async Task Within_ManyCallsAnsweredInTime_NoneTimesOut(CancellationToken cancellationToken)
    {
        IDeadlineProbe probe = await ConnectAsync(new RompClientOptions { DefaultCallTimeout = TimeSpan.FromSeconds(20) });

        // Pooled replies that had a timer must come back clean: a later call on the same object never times out early.
        for (int i = 0; i < 200; i++)
            Assert.That(await probe.RemainingAsync(), Is.Not.Null);
    }

    private async Task<IDeadlineProbe> ConnectAsync(RompClientOptions? options = null, RompServerOptions? serverOptions = null)
    {
        RompClient client = await ConnectClientAsync(options, serverOptions);
        return await client.ResolveAsync<IDeadlineProbe>("probe");
    }

    private async Task<RompClient> ConnectClientAsync(RompClientOptions? options = null, RompServerOptions? serverOptions = null)
    {
        _server = new RompServer(Transports.NewEndpoint(Transports.Tcp), serverOptions ?? new RompServerOptions());
        _server.Bind<IDeadlineProbe>("probe", _probe);
        await _server.StartAsync();
        RompClient client = await RompClient.ConnectAsync(_server.Endpoint, options);
        _clients.Add(client);
        return client;
    }
}
