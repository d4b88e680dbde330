using System.IO.Pipelines;
using System.IO.Pipes;
using System.Net;
using System.Net.Sockets;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// <see cref="RompConnection.AttachAsync(Stream, RompConnectionOptions?, CancellationToken)"/> and its IDuplexPipe
/// form, end to end: both sides are attached connections, with no server or client around them. The left side binds a
/// calculator, the right side a greeter; both may call each other.
/// </summary>
[TestFixture(AttachMedium.NetworkStream, Category = "Socket")]
[TestFixture(AttachMedium.NamedPipe, Category = "Socket")] // a Unix-domain socket on Linux
[TestFixture(AttachMedium.DuplexPipe)]
[CancelAfter(15_000)]
public sealed class AttachTests(string medium)
{
    private readonly List<IDisposable> _resources = new();
    private Stream? _leftStream;
    private Stream? _rightStream;
    private IDuplexPipe? _leftPipe;
    private Calculator _calculator = null!;
    private RompConnection _left = null!;
    private RompConnection _right = null!;

    [SetUp]
    public async Task AttachAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        CancellationToken cancellationToken = timeout.Token;
        (Task<RompConnection> left, Task<RompConnection> right) = medium switch
        {
            AttachMedium.NetworkStream => AttachBoth(await NetworkStreamPairAsync(cancellationToken), cancellationToken),
            AttachMedium.NamedPipe => AttachBoth(await NamedPipePairAsync(cancellationToken), cancellationToken),
            AttachMedium.DuplexPipe => AttachBoth(DuplexPipes.CreatePair(), cancellationToken),
            _ => throw new ArgumentOutOfRangeException(nameof(medium), medium, null),
        };
        // Each side's handshake waits for the other's hello: they must run at once.
        await Task.WhenAll(left, right);
        _left = left.Result;
        _right = right.Result;
        _calculator = new Calculator();
        _left.Bind<ICalculator>("calc", _calculator);
        _right.Bind<IGreeter>("greeter", new Greeter());
    }

    [TearDown]
    public async Task DisposeAsync()
    {
        _calculator?.ReleaseSlowCalls();
        if (_left is not null)
            await _left.DisposeAsync();
        if (_right is not null)
            await _right.DisposeAsync();
        foreach (IDisposable resource in _resources)
            resource.Dispose();

        // One fixture instance runs every test: nothing may carry over into the next one's SetUp.
        _resources.Clear();
        (_leftStream, _rightStream, _leftPipe) = (null, null, null);
        (_calculator, _left, _right) = (null!, null!, null!);
    }

    [Test]
    public async Task ResolveAsync_ObjectThePeerBound_CallsReachIt(CancellationToken cancellationToken)
    {
        ICalculator calc = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);
        string large = new('L', 1_000_000);

        Assert.That(await calc.AddAsync(2, 3, cancellationToken), Is.EqualTo(5));
        Assert.That(calc.Multiply(6, 7), Is.EqualTo(42));
        Assert.That(await calc.EchoAsync(large), Is.EqualTo(large), "a frame far larger than any one read");
        int sum = 0;
        await foreach (int item in calc.RangeAsync(0, 300, cancellationToken))
            sum += item;
        Assert.That(sum, Is.EqualTo(300 * 299 / 2), "a stream, with CREDIT flowing back");
    }

    [Test]
    public async Task ResolveAsync_NameNotBound_FailsWithUnknownObject(CancellationToken cancellationToken)
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => _right.ResolveAsync<ICalculator>("nothing", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownObject));
        Assert.That(await (await _right.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(1, 1, cancellationToken), Is.EqualTo(2), "the connection carries on");
    }

    [Test]
    public async Task SyncAsync_AfterOnewayCalls_PeerHasRunThemAllInOrder(CancellationToken cancellationToken)
    {
        const int Calls = 200;
        ICalculator calc = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);

        for (int i = 0; i < Calls; i++)
            calc.Tick(i);
        await _right.SyncAsync(cancellationToken);

        // Read on the calculator itself, not through the connection: SYNC alone must have waited for every one-way.
        Assert.That(await _calculator.TickCountAsync(), Is.EqualTo(Calls));
        Assert.That(await _calculator.TicksInOrderAsync(), Is.True);
    }

    [Test]
    public async Task SyncAsync_NothingSent_CompletesInBothDirections(CancellationToken cancellationToken)
    {
        await _right.SyncAsync(cancellationToken);
        await _left.SyncAsync(cancellationToken);

        Assert.That((_left.Completion.IsCompleted, _right.Completion.IsCompleted), Is.EqualTo((false, false)));
    }

    [Test]
    public async Task DisposeAsync_OneSide_BothCompleteWithClosedConnection(CancellationToken cancellationToken)
    {
        ICalculator calc = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);

        await _left.DisposeAsync();
        await _right.Completion.WaitAsync(cancellationToken);

        Assert.That(_left.Completion.IsCompleted, Is.True);
        Assert.That(_left.CloseReason?.Error, Is.EqualTo(RompError.ClosedConnection));
        Assert.That(_right.CloseReason?.Error, Is.EqualTo(RompError.ClosedConnection));
        Assert.That(_right.CloseReason!.Message, Is.EqualTo("The connection was closed."), "the peer's GOODBYE says why");
        var late = Assert.CatchAsync<RompException>(async () => await calc.AddAsync(1, 2, cancellationToken));
        Assert.That(late!.Error, Is.EqualTo(RompError.ClosedConnection));
        if (_leftStream is not null)
            Assert.That((IsReleased(_leftStream), IsReleased(_rightStream!)), Is.EqualTo((true, true)), "each connection disposes the stream it was given");
    }

    [Test]
    public async Task DisposeAsync_CallPendingOnThePeer_FailsWithClosedConnection(CancellationToken cancellationToken)
    {
        ICalculator calc = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> pending = calc.SlowAsync();
        await _calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        await _left.DisposeAsync();

        var error = Assert.CatchAsync<RompException>(async () => await pending.WaitAsync(cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ClosedConnection));
    }

    [Test]
    public async Task Completion_TransportBreaksUnderOneSide_BothCloseWithConnectionBroken(CancellationToken cancellationToken)
    {
        _ = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);

        // The left side's transport goes away without the left connection closing it: no GOODBYE is sent.
        if (_leftStream is not null)
            _leftStream.Dispose();
        else
            _leftPipe!.Output.Complete();

        await Task.WhenAll(_left.Completion, _right.Completion).WaitAsync(cancellationToken);
        Assert.That(_right.CloseReason?.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(_left.CloseReason?.Error, Is.EqualTo(RompError.ConnectionBroken));
    }

    [Test]
    public async Task Bind_OnBothSides_EachSideCallsTheOther(CancellationToken cancellationToken)
    {
        ICalculator calc = await _right.ResolveAsync<ICalculator>("calc", cancellationToken);
        IGreeter greeter = await _left.ResolveAsync<IGreeter>("greeter", cancellationToken);

        Task<int> sum = calc.AddAsync(20, 22, cancellationToken).AsTask();
        Task<string> greeting = greeter.GreetAsync("left").AsTask();

        Assert.That(await sum, Is.EqualTo(42));
        Assert.That(await greeting, Is.EqualTo("hello left"));
    }

    [Test]
    public async Task Callback_PassedByReference_PeerCallsItBackInsideItsCall(CancellationToken cancellationToken)
    {
        var publisher = new Publisher();
        _left.Bind<IPublisher>("publisher", publisher);
        IPublisher remote = await _right.ResolveAsync<IPublisher>("publisher", cancellationToken);
        var listener = new RecordingListener();

        await remote.SubscribeAsync(listener);
        int delivered = await remote.PublishAsync("news");
        await remote.NotifyAllAsync("ping");

        Assert.That(delivered, Is.EqualTo(1));
        Assert.That(listener.Events, Is.EqualTo(new[] { "news" }));
        Assert.That(await listener.Notified.Task.WaitAsync(cancellationToken), Is.EqualTo("ping"));
    }

    [Test]
    public async Task PingAsync_ReentrantAcrossBothSides_ReachesFullDepth(CancellationToken cancellationToken)
    {
        var left = new PingPong("left");
        var right = new PingPong("right");
        _left.Bind<IPingPong>("pingpong", left);
        IPingPong remote = await _right.ResolveAsync<IPingPong>("pingpong", cancellationToken);

        int depth = await remote.PingAsync(7, right);

        Assert.That(depth, Is.EqualTo(7));
        Assert.That((left.Calls, right.Calls), Is.EqualTo((4, 4)), "the calls alternate sides");
    }

    private (Task<RompConnection>, Task<RompConnection>) AttachBoth((Stream Left, Stream Right) streams, CancellationToken cancellationToken)
    {
        (_leftStream, _rightStream) = streams;
        return (RompConnection.AttachAsync(streams.Left, cancellationToken: cancellationToken), RompConnection.AttachAsync(streams.Right, cancellationToken: cancellationToken));
    }

    private (Task<RompConnection>, Task<RompConnection>) AttachBoth((IDuplexPipe Left, IDuplexPipe Right) pipes, CancellationToken cancellationToken)
    {
        _leftPipe = pipes.Left;
        return (RompConnection.AttachAsync(pipes.Left, cancellationToken: cancellationToken), RompConnection.AttachAsync(pipes.Right, cancellationToken: cancellationToken));
    }

    private async Task<(Stream, Stream)> NetworkStreamPairAsync(CancellationToken cancellationToken)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var client = new TcpClient { NoDelay = true };
            _resources.Add(client);
            Task connect = client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port, cancellationToken).AsTask();
            TcpClient accepted = await listener.AcceptTcpClientAsync(cancellationToken);
            _resources.Add(accepted);
            await connect;
            accepted.NoDelay = true;
            return (accepted.GetStream(), client.GetStream());
        }
        finally
        {
            listener.Stop();
        }
    }

    private async Task<(Stream, Stream)> NamedPipePairAsync(CancellationToken cancellationToken)
    {
        string name = $"romp-{Guid.NewGuid():N}";
        var server = new NamedPipeServerStream(name, PipeDirection.InOut, 1, PipeTransmissionMode.Byte, System.IO.Pipes.PipeOptions.Asynchronous);
        _resources.Add(server);
        var client = new NamedPipeClientStream(".", name, PipeDirection.InOut, System.IO.Pipes.PipeOptions.Asynchronous);
        _resources.Add(client);
        await Task.WhenAll(server.WaitForConnectionAsync(cancellationToken), client.ConnectAsync(cancellationToken));
        return (server, client);
    }

    // CanRead stays true on a disposed PipeStream; IsConnected does not.
    private static bool IsReleased(Stream stream) => stream switch
    {
        NetworkStream network => !network.CanRead,
        PipeStream pipe => !pipe.IsConnected,
        _ => throw new ArgumentOutOfRangeException(nameof(stream), stream.GetType().Name, null),
    };
}

/// <summary>What <see cref="AttachTests"/> runs over.</summary>
public static class AttachMedium
{
    /// <summary>Two <see cref="NetworkStream"/>s from a loopback <see cref="TcpListener"/>.</summary>
    public const string NetworkStream = "network-stream";

    /// <summary>A .NET named pipe, server and client stream, asynchronous.</summary>
    public const string NamedPipe = "named-pipe";

    /// <summary>Two in-memory pipes crossed, through the IDuplexPipe overload.</summary>
    public const string DuplexPipe = "duplex-pipe";
}
