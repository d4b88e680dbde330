using Romp.Tests.Contracts;

namespace Romp.Tests.Hosting;

/// <summary>
/// A client with a reconnect policy whose server goes away and comes back on the same port: its state, the proxies
/// that recover by name or by handler, those that cannot, calls made meanwhile, and giving up.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ReconnectTests
{
    private static readonly RompReconnectPolicy s_quickly = RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200));

    private readonly List<IAsyncDisposable> _owned = new();
    private int _port;

    [SetUp]
    public void PickPort() => _port = 0;

    [TearDown]
    public async Task DisposeAllAsync()
    {
        for (int i = _owned.Count - 1; i >= 0; i--)
            await _owned[i].DisposeAsync();
        _owned.Clear();
    }

    [Test]
    public async Task StartAsync_ConnectsThenReportsConnecting_Connected(CancellationToken cancellationToken)
    {
        await StartServerAsync();
        var client = Own(new RompClient(Endpoint, new RompClientOptions { Reconnect = s_quickly }));
        var states = new StateRecorder(client);
        Assert.That(client.State, Is.EqualTo(RompConnectionState.Connecting));

        await client.StartAsync(cancellationToken);

        Assert.That(client.State, Is.EqualTo(RompConnectionState.Connected));
        Assert.That(client.IsConnected, Is.True);
        Assert.That(states.States, Is.EqualTo(new[] { RompConnectionState.Connected }));
    }

    [Test]
    public async Task ServerRestarted_NamedProxy_WorksAgainAsTheSameInstance(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        RompConnection first = client.Connection;

        Task<RompStateChangedEventArgs> reconnecting = states.Next(RompConnectionState.Reconnecting);
        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await KillAsync(server);
        RompStateChangedEventArgs lost = await reconnecting;
        Assert.That(lost.Reason, Is.Not.Null);
        Assert.That(RompProxy.GetState(calc), Is.EqualTo(RompProxyState.CommunicationStopped));

        await StartServerAsync();
        await connected;

        Assert.That(client.Connection, Is.Not.SameAs(first));
        Assert.That(await calc.AddAsync(20, 22, cancellationToken), Is.EqualTo(42));
        Assert.That(RompProxy.GetState(calc), Is.EqualTo(RompProxyState.CommunicationResumed));
        Assert.That(await client.ResolveAsync<ICalculator>("calc", cancellationToken), Is.SameAs(calc), "the name resolves to the recovered proxy: one object, one proxy");
        Assert.That(states.States, Is.EqualTo(new[] { RompConnectionState.Reconnecting, RompConnectionState.Connected }));
    }

    [Test]
    public async Task CallMadeWhileReconnecting_WaitsAndSucceedsOnTheNewConnection(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        await LoseServerAsync(server, states);
        Task<int> waiting = calc.AddAsync(2, 3, cancellationToken).AsTask();
        Task<ICalculator> resolving = client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(waiting.IsCompleted, Is.False, "no server: the call waits for the reconnect");

        await StartServerAsync();

        Assert.That(await waiting, Is.EqualTo(5));
        Assert.That(await resolving, Is.SameAs(calc));
    }

    [Test]
    public async Task StreamStartedWhileReconnecting_StartsOnceTheProxyIsBoundAgain(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await LoseServerAsync(server, states);

        Task<List<int>> items = calc.RangeAsync(5, 3, cancellationToken).ToListAsync(cancellationToken).AsTask();
        await StartServerAsync();

        Assert.That(await items, Is.EqualTo(new[] { 5, 6, 7 }));
    }

    [Test]
    public async Task CallWhileReconnecting_NoServerComesBack_FailsWithTimeoutAtItsDeadline(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = Own(await RompClient.ConnectAsync(Endpoint, new RompClientOptions { Reconnect = s_quickly, DefaultCallTimeout = TimeSpan.FromMilliseconds(300) }, cancellationToken));
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await LoseServerAsync(server, states);

        RompException? call = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));
        RompException? resolve = Assert.ThrowsAsync<RompException>(async () => await client.ResolveAsync<ICalculator>("calc", cancellationToken));
        RompException? scoped;
        using (RompDeadline.Within(TimeSpan.FromMilliseconds(50)))
            scoped = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));

        Assert.That((call!.Error, resolve!.Error, scoped!.Error), Is.EqualTo((RompError.Timeout, RompError.Timeout, RompError.Timeout)));
        Assert.That(call.Message, Does.Contain("DefaultCallTimeout"));
        Assert.That(scoped.Message, Does.Contain("RompDeadline.Within"));
        Assert.That(client.State, Is.EqualTo(RompConnectionState.Reconnecting), "the client keeps trying; only the calls gave up");
    }

    [Test]
    public async Task FailFastPolicy_CallWhileReconnecting_FailsAtOnceWithConnectionBroken(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), waitForReconnect: false));
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        await LoseServerAsync(server, states);

        RompException? call = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));
        Assert.That(call!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(call.Message, Does.Contain("reconnecting"));
        RompException? resolve = Assert.ThrowsAsync<RompException>(async () => await client.ResolveAsync<ICalculator>("calc", cancellationToken));
        Assert.That(resolve!.Error, Is.EqualTo(RompError.ConnectionBroken));

        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await StartServerAsync();
        await connected;
        Assert.That(await calc.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
    }

    [Test]
    public async Task CallInFlightAtTheLoss_FailsWithConnectionBroken_AndIsNotSentAgain(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        RompServer server = await StartServerAsync(calculator);
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<int> slow = calc.SlowAsync();
        await calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await KillAsync(server);
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await slow);
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));

        var restarted = new Calculator();
        restarted.ReleaseSlowCalls();
        await StartServerAsync(restarted);
        await connected;
        Assert.That(await calc.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
        Assert.That(restarted.SlowCallStarted.Task.IsCompleted, Is.False, "a call that is not idempotent is never sent again");
    }

    [Test]
    public async Task IdempotentCallInFlightAtTheLoss_IsSentAgainOnce_AfterTheReconnect(CancellationToken cancellationToken)
    {
        var first = new Journal { Gate = Journal.Closed() };
        RompServer server = await StartServerAsync(journal: first);
        RompClient client = await ConnectAsync(s_quickly);
        IJournal journal = await client.ResolveAsync<IJournal>("journal", cancellationToken);
        Task<int> read = journal.ReadAsync().AsTask();
        Task<int> append = journal.AppendAsync().AsTask();
        // Both calls are in the server: both were in flight at the loss.
        await Task.WhenAll(first.ReadStarted.Task, first.AppendStarted.Task).WaitAsync(cancellationToken);

        await KillAsync(server);
        RompException? lost = Assert.ThrowsAsync<RompException>(async () => await append);
        Assert.That(lost!.Error, Is.EqualTo(RompError.ConnectionBroken), "not idempotent: never sent again");
        var second = new Journal();
        await StartServerAsync(journal: second);

        Assert.That(await read, Is.EqualTo(1), "the retry ran on the restarted server, once");
        Assert.That((first.Reads, second.Reads), Is.EqualTo((1, 1)));
        Assert.That(second.Appends, Is.Zero);
    }

    [Test]
    public async Task FailFastPolicy_IdempotentCallInFlightAtTheLoss_FailsInsteadOfWaiting(CancellationToken cancellationToken)
    {
        var first = new Journal { Gate = Journal.Closed() };
        RompServer server = await StartServerAsync(journal: first);
        RompClient client = await ConnectAsync(RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(200), waitForReconnect: false));
        IJournal journal = await client.ResolveAsync<IJournal>("journal", cancellationToken);
        Task<int> read = journal.ReadAsync().AsTask();
        await first.ReadStarted.Task.WaitAsync(cancellationToken);

        await KillAsync(server);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await read);
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(error.Message, Does.Contain("fails calls meanwhile"));
    }

    [Test]
    public async Task IdempotentCall_LostAgainOnItsRetry_FailsWithoutASecondRetry(CancellationToken cancellationToken)
    {
        var first = new Journal { Gate = Journal.Closed() };
        RompServer server = await StartServerAsync(journal: first);
        RompClient client = await ConnectAsync(s_quickly);
        IJournal journal = await client.ResolveAsync<IJournal>("journal", cancellationToken);
        Task<int> read = journal.ReadAsync().AsTask();
        await first.ReadStarted.Task.WaitAsync(cancellationToken);

        await KillAsync(server);
        var second = new Journal { Gate = Journal.Closed() };
        server = await StartServerAsync(journal: second);
        await second.ReadStarted.Task.WaitAsync(cancellationToken);
        await KillAsync(server);
        var third = new Journal();
        await StartServerAsync(journal: third);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await read);
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That((first.Reads, second.Reads, third.Reads), Is.EqualTo((1, 1, 0)), "sent again once, never twice");
    }

    [Test]
    public async Task ReferenceFromTheLostConnection_WithoutHandler_IsTerminated(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICounterFactory factory = await client.ResolveAsync<ICounterFactory>("factory", cancellationToken);
        ICounter counter = await factory.CreateAsync("hits");
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));

        await RestartServerAsync(server, states, () => StartServerAsync());

        Assert.That(RompProxy.GetState(counter), Is.EqualTo(RompProxyState.Terminated));
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await counter.IncrementAsync());
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), "its identity died with the connection");
        ICounter again = await factory.CreateAsync("again");
        Assert.That(again.Name, Is.EqualTo("again"), "the named factory recovered");
    }

    [Test]
    public async Task ReferenceWithRecoveryHandler_IsBoundAgain_AsTheSameInstance(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICounterFactory factory = await client.ResolveAsync<ICounterFactory>("factory", cancellationToken);
        ICounter counter = await factory.CreateAsync("hits");
        var handlerStates = new List<RompProxyState>();
        RompProxy.OnRecover(counter, async ct =>
        {
            handlerStates.Add(RompProxy.GetState(counter));
            return await factory.CreateAsync("hits-again");
        });

        var restartedFactory = new CounterFactory();
        await RestartServerAsync(server, states, () => StartServerAsync(factory: restartedFactory));

        Assert.That(handlerStates, Is.EqualTo(new[] { RompProxyState.CommunicationStopped }));
        Assert.That(RompProxy.GetState(counter), Is.EqualTo(RompProxyState.CommunicationResumed));
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
        Assert.That(counter.Name, Is.EqualTo("hits-again"));
        Assert.That(restartedFactory.LastCreated!.Value, Is.EqualTo(1), "the call reached the object the handler returned");
    }

    [Test]
    public async Task NewConnectionLostWhileProxiesRecover_TheyStayStopped_AndRecoverOnTheNextOne(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICounterFactory factory = await client.ResolveAsync<ICounterFactory>("factory", cancellationToken);
        ICounter counter = await factory.CreateAsync("hits");
        var second = new TaskCompletionSource<RompServer>(TaskCreationOptions.RunContinuationsAsynchronously);
        var killed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int handlerRuns = 0;
        RompProxy.OnRecover(counter, async ct =>
        {
            if (Interlocked.Increment(ref handlerRuns) == 1)
            {
                await KillAsync(await second.Task); // the second server dies under the recovery
                killed.SetResult();
            }

            return await factory.CreateAsync("hits-again");
        });

        await LoseServerAsync(server, states);
        second.SetResult(await StartServerAsync());
        await killed.Task.WaitAsync(cancellationToken);
        Assert.That(client.State, Is.EqualTo(RompConnectionState.Reconnecting), "never Connected: the proxies had not recovered");
        Assert.That(RompProxy.GetState(counter), Is.EqualTo(RompProxyState.CommunicationStopped), "lost with its connection, not terminated");
        Assert.That(RompProxy.GetState(factory), Is.Not.EqualTo(RompProxyState.Terminated));

        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await StartServerAsync();
        await connected;

        Assert.That(handlerRuns, Is.EqualTo(2));
        Assert.That(RompProxy.GetState(counter), Is.EqualTo(RompProxyState.CommunicationResumed));
        Assert.That(await counter.IncrementAsync(), Is.EqualTo(1));
        Assert.That(await factory.CreateAsync("third").AsTask(), Is.Not.Null);
    }

    [Test]
    public async Task RecoveryHandlerThatThrows_TerminatesTheProxyWithItsReason(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICounterFactory factory = await client.ResolveAsync<ICounterFactory>("factory", cancellationToken);
        ICounter counter = await factory.CreateAsync("hits");
        RompProxy.OnRecover<ICounter>(counter, _ => throw new InvalidOperationException("no counter to go back to"));

        await RestartServerAsync(server, states, () => StartServerAsync());

        Assert.That(RompProxy.GetState(counter), Is.EqualTo(RompProxyState.Terminated));
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await counter.IncrementAsync());
        Assert.That(error!.Message, Does.Contain("no counter to go back to"));
    }

    [Test]
    public async Task NameGoneAfterTheRestart_ProxyIsTerminatedWithUnknownObject(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        await RestartServerAsync(server, states, () => StartServerAsync(bindCalculator: false));

        Assert.That(RompProxy.GetState(calc), Is.EqualTo(RompProxyState.Terminated));
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownObject));
        Assert.That(error.Message, Does.Contain("'calc'"));
    }

    [Test]
    public async Task NameBoundToAnotherContractAfterTheRestart_ProxyIsTerminatedWithTypeGuardFailure(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await KillAsync(server);
        RompServer restarted = NewServer();
        restarted.Bind<IGreeter>("calc", new Greeter());
        await restarted.StartAsync(cancellationToken);
        await connected;

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await calc.AddAsync(1, 1, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.TypeGuardFailure));
    }

    [Test]
    public async Task ReconnectedHandler_RunsAfterNamedProxiesRecovered_AndCanSubscribeAgain(CancellationToken cancellationToken)
    {
        var publisher = new Publisher();
        RompServer server = await StartServerAsync(publisher: publisher);
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        IPublisher remote = await client.ResolveAsync<IPublisher>("publisher", cancellationToken);
        var listener = new RecordingListener();
        await remote.SubscribeAsync(listener);
        RompConnectionState stateInHandler = RompConnectionState.Closed;
        client.Reconnected += async reconnected =>
        {
            stateInHandler = reconnected.State;
            await remote.SubscribeAsync(listener);
        };

        var restarted = new Publisher();
        await RestartServerAsync(server, states, () => StartServerAsync(publisher: restarted));

        Assert.That(stateInHandler, Is.EqualTo(RompConnectionState.Reconnecting), "the handler runs before Connected is reported");
        Assert.That(restarted.ListenerCount, Is.EqualTo(1));
        Assert.That(await remote.PublishAsync("after"), Is.EqualTo(1));
        Assert.That(listener.Events, Does.Contain("after"));
    }

    [Test]
    public async Task PolicyThatGivesUp_ClosesTheClient_AndWaitingCallsFail(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(RompReconnectPolicy.Exponential(TimeSpan.FromMilliseconds(10), TimeSpan.FromMilliseconds(20), maxAttempts: 2));
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<RompStateChangedEventArgs> reconnecting = states.Next(RompConnectionState.Reconnecting);
        Task<RompStateChangedEventArgs> closed = states.Next(RompConnectionState.Closed);

        await KillAsync(server);
        await reconnecting;
        Task<int> waiting = calc.AddAsync(1, 1, cancellationToken).AsTask();
        RompStateChangedEventArgs end = await closed;

        Assert.That(end.Reason!.Message, Does.Contain("Gave up reconnecting").And.Contain("2 attempts"));
        Assert.That(client.CloseReason, Is.SameAs(end.Reason));
        Assert.That(client.Completion.IsCompleted, Is.True);
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await waiting);
        Assert.That(error!.Message, Does.Contain("Gave up reconnecting"));
        Assert.That(RompProxy.GetState(calc), Is.EqualTo(RompProxyState.Terminated));
    }

    [Test]
    public async Task DisposeWhileReconnecting_StopsTheAttempts_AndWaitingCallsFailClosed(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await RompClient.ConnectAsync(Endpoint, new RompClientOptions { Reconnect = s_quickly }, cancellationToken);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await LoseServerAsync(server, states);
        Task<int> waiting = calc.AddAsync(1, 1, cancellationToken).AsTask();

        await client.DisposeAsync();

        Assert.That(client.State, Is.EqualTo(RompConnectionState.Closed));
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await waiting);
        Assert.That(error!.Error, Is.EqualTo(RompError.ClosedConnection));
        Assert.That(states.States.Last(), Is.EqualTo(RompConnectionState.Closed));
    }

    [Test]
    public async Task WithoutPolicy_LostConnection_ClosesTheClientForGood(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(policy: null);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<RompStateChangedEventArgs> closed = states.Next(RompConnectionState.Closed);

        await KillAsync(server);
        RompStateChangedEventArgs end = await closed;

        Assert.That(end.PreviousState, Is.EqualTo(RompConnectionState.Connected));
        Assert.That(end.Reason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(RompProxy.GetState(calc), Is.EqualTo(RompProxyState.Terminated));
        Assert.Throws<InvalidOperationException>(() => RompProxy.OnRecover(calc, _ => new ValueTask<ICalculator>(calc)));
    }

    [Test]
    public async Task GracefulServerStop_IsALossTheClientReconnectsAfter(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Task<RompStateChangedEventArgs> reconnecting = states.Next(RompConnectionState.Reconnecting);
        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);

        await server.DisposeAsync();
        RompStateChangedEventArgs lost = await reconnecting;
        await StartServerAsync();
        await connected;

        Assert.That(lost.Reason!.Error, Is.EqualTo(RompError.ListenerKilled));
        Assert.That(await calc.AddAsync(3, 4, cancellationToken), Is.EqualTo(7));
    }

    [Test]
    public async Task OnewaysNoSyncConfirmed_FirstSyncAfterTheReconnect_FailsOnce(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        calc.Tick(1);

        await RestartServerAsync(server, states, () => StartServerAsync());

        RompException? error = Assert.ThrowsAsync<RompException>(() => client.SyncAsync(cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(error.Message, Does.Contain("may not have run"));
        Assert.DoesNotThrowAsync(() => client.SyncAsync(cancellationToken), "the doubt is reported once");
    }

    [Test]
    public async Task OnewaysASyncConfirmed_SyncAfterTheReconnect_Succeeds(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        calc.Tick(1);
        await client.SyncAsync(cancellationToken);

        await RestartServerAsync(server, states, () => StartServerAsync());

        Assert.DoesNotThrowAsync(() => client.SyncAsync(cancellationToken));
    }

    [Test]
    public async Task OnewayWhileReconnecting_WaitsThenRunsOnTheNewServer(CancellationToken cancellationToken)
    {
        RompServer server = await StartServerAsync();
        RompClient client = await ConnectAsync(s_quickly);
        var states = new StateRecorder(client);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await LoseServerAsync(server, states);

        Task sent = calc.TickAsync(7);
        var restarted = new Calculator();
        await StartServerAsync(restarted);
        await sent;
        await client.SyncAsync(cancellationToken);

        Assert.That(await calc.TickCountAsync(), Is.EqualTo(1));
    }

    private string Endpoint => $"tcp://127.0.0.1:{_port}";

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private RompServer NewServer() => Own(new RompServer(Endpoint));

    // A server on this test's port (the first picks one): a calculator as "calc", a counter factory, a publisher, a journal.
    private async Task<RompServer> StartServerAsync(Calculator? calculator = null, CounterFactory? factory = null, Publisher? publisher = null, Journal? journal = null, bool bindCalculator = true)
    {
        RompServer server = NewServer();
        if (bindCalculator)
            server.Bind<ICalculator>("calc", calculator ?? new Calculator());
        server.Bind<ICounterFactory>("factory", factory ?? new CounterFactory());
        server.Bind<IPublisher>("publisher", publisher ?? new Publisher());
        server.Bind<IJournal>("journal", journal ?? new Journal());
        await server.StartAsync();
        _port = new Uri(server.Endpoint).Port;
        return server;
    }

    private async Task<RompClient> ConnectAsync(RompReconnectPolicy? policy) =>
        Own(await RompClient.ConnectAsync(Endpoint, new RompClientOptions { Reconnect = policy }));

    // The server vanishes; returns once the client has seen the loss.
    private static async Task LoseServerAsync(RompServer server, StateRecorder states)
    {
        Task<RompStateChangedEventArgs> reconnecting = states.Next(RompConnectionState.Reconnecting);
        await KillAsync(server);
        await reconnecting;
    }

    // The server vanishes and another comes up on its port; returns once the client is connected to it.
    private static async Task RestartServerAsync(RompServer server, StateRecorder states, Func<Task<RompServer>> start)
    {
        Task<RompStateChangedEventArgs> connected = states.Next(RompConnectionState.Connected);
        await KillAsync(server);
        await start();
        await connected;
    }

    // The server vanishes as a crashed process would: every connection reset, no goodbye, then the listener closed.
    private static async Task KillAsync(RompServer server)
    {
        foreach (RompConnection connection in server.Connections.ToArray())
            connection.Abort(new RompException(RompError.ConnectionBroken, "killed by the test"));
        await server.DisposeAsync();
    }
}
