using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Romp.Hosting.Tests.Contracts;
using Romp.Hosting.Tests.Support;

namespace Romp.Hosting.Tests;

/// <summary><c>AddRompClient</c> in a real host against hosted servers over loopback TCP: injected proxies, keyed clients, configuration, reconnects.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class HostedClientTests
{
    [Test]
    public async Task AddProxy_ServiceTakesTheInterface_CallsTheServer(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "east"), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            string endpoint = TestHosts.Endpoint(server);
            builder.Services.AddRompClient("backend", o => o.Endpoint = endpoint).AddProxy<ICalculator>("calc");
            builder.Services.AddSingleton<ProxyUser>();
            IHost client = await TestHosts.StartAsync(builder, cancellationToken);
            try
            {
                ICalculator calc = client.Services.GetRequiredService<ProxyUser>().Calc;

                Assert.That(await calc.AddAsync(20, 22, cancellationToken), Is.EqualTo(42));
                Assert.That(await calc.WhoAsync(), Is.EqualTo("east"));
                Assert.That(RompProxy.IsProxy(calc), Is.True);
                Assert.That(client.Services.GetRequiredService<ICalculator>(), Is.SameAs(calc), "one proxy per host");
                Assert.That(client.Services.GetRequiredKeyedService<ICalculator>("backend"), Is.SameAs(calc));
            }
            finally
            {
                await TestHosts.DisposeAsync(client);
            }
        }
        finally
        {
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task AddProxy_HostedServiceMadeBeforeTheConnect_CallsFromStartToStop(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            // Registered before the client: stopped after it in the host's reverse order, yet its last call works.
            builder.Services.AddSingleton<CallingWorker>();
            builder.Services.AddHostedService(static services => services.GetRequiredService<CallingWorker>());
            string endpoint = TestHosts.Endpoint(server);
            builder.Services.AddRompClient("backend", o => o.Endpoint = endpoint).AddProxy<ICalculator>("calc");
            IHost client = await TestHosts.StartAsync(builder, cancellationToken);
            CallingWorker worker = client.Services.GetRequiredService<CallingWorker>();
            RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
            try
            {
                Assert.That(worker.AtStart, Is.EqualTo(3));
                await client.StopAsync(cancellationToken);

                Assert.That(worker.AtStop, Is.EqualTo(7), "the clients close only after every hosted service has stopped");
                Assert.That(backend.State, Is.EqualTo(RompConnectionState.Closed), "the host's stop closed the client");
            }
            finally
            {
                await TestHosts.DisposeAsync(client);
            }
        }
        finally
        {
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task AddRompClient_TwoNamedClients_EachKeyedToItsServer(CancellationToken cancellationToken)
    {
        IHost east = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "east"), cancellationToken);
        IHost west = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "west"), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            string eastEndpoint = TestHosts.Endpoint(east), westEndpoint = TestHosts.Endpoint(west);
            builder.Services.AddRompClient("east", o => o.Endpoint = eastEndpoint).AddProxy<ICalculator>("calc");
            builder.Services.AddRompClient("west", o => o.Endpoint = westEndpoint).AddProxy<ICalculator>("calc");
            IHost client = await TestHosts.StartAsync(builder, cancellationToken);
            try
            {
                Assert.That(await client.Services.GetRequiredKeyedService<ICalculator>("east").WhoAsync(), Is.EqualTo("east"));
                Assert.That(await client.Services.GetRequiredKeyedService<ICalculator>("west").WhoAsync(), Is.EqualTo("west"));
                Assert.That(client.Services.GetRequiredKeyedService<RompClient>("west").Endpoint, Is.EqualTo(westEndpoint));
                Assert.That(client.Services.GetRequiredKeyedService<RompClient>("east").IsConnected, Is.True);
            }
            finally
            {
                await TestHosts.DisposeAsync(client);
            }
        }
        finally
        {
            await TestHosts.DisposeAsync(west);
            await TestHosts.DisposeAsync(east);
        }
    }

    [Test]
    public async Task AddProxy_NameTheServerDoesNotBind_FailsTheHostStartNamingIt(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            string endpoint = TestHosts.Endpoint(server);
            builder.Services.AddRompClient("backend", o => o.Endpoint = endpoint).AddProxy<ICalculator>("calculator");
            using IHost client = builder.Build();

            InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync(cancellationToken));
            Assert.That(error!.Message, Does.Contain("'backend'").And.Contain("'calculator'"));
            Assert.That(error.InnerException, Is.TypeOf<RompException>().With.Property(nameof(RompException.Error)).EqualTo(RompError.UnknownObject));
        }
        finally
        {
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task AddRompClient_NothingListens_FailsTheHostStartNamingTheClient(CancellationToken cancellationToken)
    {
        string endpoint = await UnusedEndpointAsync(cancellationToken);
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddRompClient("backend", o => o.Endpoint = endpoint).AddProxy<ICalculator>("calc");
        builder.Services.AddSingleton<CallingWorker>();
        builder.Services.AddHostedService(static services => services.GetRequiredService<CallingWorker>());
        using IHost client = builder.Build();

        // The worker's constructor is the first to want the proxy: the failure reaches it, not a hang.
        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => client.StartAsync(cancellationToken));
        Assert.That(error!.Message, Does.Contain("Romp client 'backend' could not connect to " + endpoint));
        Assert.That(client.Services.GetRequiredKeyedService<RompClient>("backend").State, Is.EqualTo(RompConnectionState.Closed));
    }

    [Test]
    public void AddRompClient_NoEndpoint_SaysWhereToSetIt()
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddRompClient("backend", static _ => { });
        using IHost client = builder.Build();

        InvalidOperationException? error = Assert.Throws<InvalidOperationException>(() => client.Services.GetRequiredKeyedService<RompClient>("backend"));
        Assert.That(error!.Message, Does.Contain("Romp:Clients:backend:Endpoint"));
    }

    [Test]
    public async Task AddRompClient_ConfigurationSection_BindsEndpointTimeoutsAndReconnect(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Romp:Clients:backend:Endpoint"] = TestHosts.Endpoint(server),
                ["Romp:Clients:backend:ConnectTimeout"] = "00:00:04",
                ["Romp:Clients:backend:DefaultCallTimeout"] = "00:00:00.300",
                ["Romp:Clients:backend:MaxFrameSize"] = "65536",
                ["Romp:Clients:backend:Reconnect:InitialDelay"] = "00:00:00.050",
                ["Romp:Clients:backend:Reconnect:MaxDelay"] = "00:00:02",
                ["Romp:Clients:backend:Reconnect:MaxAttempts"] = "7",
            });
            builder.Services.AddRompClient("backend", builder.Configuration.GetSection("Romp:Clients:backend")).AddProxy<ICalculator>("calc");
            IHost client = await TestHosts.StartAsync(builder, cancellationToken);
            try
            {
                RompHostedClientOptions options = client.Services.GetRequiredService<IOptionsMonitor<RompHostedClientOptions>>().Get("backend");
                Assert.That(options.ConnectTimeout, Is.EqualTo(TimeSpan.FromSeconds(4)));
                Assert.That(options.MaxFrameSize, Is.EqualTo(65536));
                Assert.That(options.Reconnect.Enabled, Is.True);
                Assert.That(options.Reconnect.InitialDelay, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
                Assert.That(options.Reconnect.MaxDelay, Is.EqualTo(TimeSpan.FromSeconds(2)));
                Assert.That(options.Reconnect.MaxAttempts, Is.EqualTo(7));

                // DefaultCallTimeout reached the running client: a call the server holds times out.
                RompException? timedOut = Assert.ThrowsAsync<RompException>(async () => await client.Services.GetRequiredService<ICalculator>().SlowAsync(cancellationToken));
                Assert.That(timedOut!.Error, Is.EqualTo(RompError.Timeout));
            }
            finally
            {
                await TestHosts.DisposeAsync(client);
            }
        }
        finally
        {
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task Reconnect_ServerHostRestarts_InjectedProxyWorksAgain(CancellationToken cancellationToken)
    {
        IHost first = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "first"), cancellationToken);
        string endpoint = TestHosts.Endpoint(first);
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Logging.AddProvider(logs);
        builder.Services.AddRompClient("backend", o =>
        {
            o.Endpoint = endpoint;
            o.Reconnect.InitialDelay = TimeSpan.FromMilliseconds(20);
            o.Reconnect.MaxDelay = TimeSpan.FromMilliseconds(200);
        }).AddProxy<ICalculator>("calc");
        builder.Services.AddSingleton<ProxyUser>();
        IHost client = await TestHosts.StartAsync(builder, cancellationToken);
        IHost? second = null;
        try
        {
            ICalculator calc = client.Services.GetRequiredService<ProxyUser>().Calc;
            RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
            Assert.That(await calc.WhoAsync(), Is.EqualTo("first"));
            Task reconnecting = NextStateAsync(backend, RompConnectionState.Reconnecting);

            await first.StopAsync(cancellationToken);
            await TestHosts.DisposeAsync(first);
            await reconnecting.WaitAsync(cancellationToken);
            Task<string> during = calc.WhoAsync().AsTask(); // waits for the reconnect
            Task connected = NextStateAsync(backend, RompConnectionState.Connected);
            second = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "second", endpoint: endpoint), cancellationToken);
            await connected.WaitAsync(cancellationToken);

            Assert.That(await during.WaitAsync(cancellationToken), Is.EqualTo("second"));
            Assert.That(await calc.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
            Assert.That(client.Services.GetRequiredService<ProxyUser>().Calc, Is.SameAs(calc));
            // The runtime's "lost ... reconnecting" warning went to the client host's logging.
            await logs.WaitForAsync(static r => r.Category == "Romp.Client" && r.EventId.Id == 30 && r.Level == LogLevel.Warning).WaitAsync(cancellationToken);
        }
        finally
        {
            await TestHosts.DisposeAsync(client);
            if (second is not null)
                await TestHosts.DisposeAsync(second);
        }
    }

    [Test]
    public async Task Reconnect_Disabled_LossClosesTheClientForGood(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["backend:Endpoint"] = TestHosts.Endpoint(server),
            ["backend:Reconnect:Enabled"] = "false",
        });
        builder.Services.AddRompClient("backend", builder.Configuration.GetSection("backend")).AddProxy<ICalculator>("calc");
        IHost client = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
            Assert.That(await client.Services.GetRequiredService<ICalculator>().AddAsync(1, 2, cancellationToken), Is.EqualTo(3));

            await server.StopAsync(cancellationToken);
            await backend.Completion.WaitAsync(cancellationToken);

            Assert.That(backend.State, Is.EqualTo(RompConnectionState.Closed));
            Assert.That(backend.CloseReason!.Error, Is.EqualTo(RompError.ListenerKilled));
        }
        finally
        {
            await TestHosts.DisposeAsync(client);
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task ConfigureClient_CodeOnlySetting_WinsOverConfiguration(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        try
        {
            HostApplicationBuilder builder = TestHosts.Builder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["backend:Endpoint"] = TestHosts.Endpoint(server) });
            RompReconnectPolicy own = RompReconnectPolicy.Exponential(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), maxAttempts: 1);
            RompClientOptions? seen = null;
            builder.Services.AddRompClient("backend", builder.Configuration.GetSection("backend"), o => o.ConfigureClient(client =>
            {
                client.Reconnect = own;
                seen = client;
            }));
            IHost client = await TestHosts.StartAsync(builder, cancellationToken);
            try
            {
                Assert.That(client.Services.GetRequiredKeyedService<RompClient>("backend").IsConnected, Is.True);
                Assert.That(seen!.Reconnect, Is.SameAs(own));
                Assert.That(seen.LoggerFactory, Is.SameAs(client.Services.GetRequiredService<ILoggerFactory>()), "the host's logging, since the callback set none");
            }
            finally
            {
                await TestHosts.DisposeAsync(client);
            }
        }
        finally
        {
            await TestHosts.DisposeAsync(server);
        }
    }

    private static Task NextStateAsync(RompClient client, RompConnectionState state)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        client.StateChanged += (_, change) =>
        {
            if (change.State == state)
                reached.TrySetResult();
        };
        return reached.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    // A loopback port nobody listens on any more: a server took it and stopped.
    private static async Task<string> UnusedEndpointAsync(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        await server.StartAsync(cancellationToken);
        return server.Endpoint;
    }
}
