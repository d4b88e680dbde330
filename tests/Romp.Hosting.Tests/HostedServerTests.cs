using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Romp.Hosting.Tests.Contracts;
using Romp.Hosting.Tests.Support;

namespace Romp.Hosting.Tests;

/// <summary><c>AddRompServer</c> in a real host over loopback TCP: objects from the container, configuration, logging, graceful stop.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class HostedServerTests
{
    [Test]
    public async Task Bind_ImplementationFromContainer_ServesCallsWithItsDependencies(CancellationToken cancellationToken)
    {
        IHost host = await TestHosts.StartAsync(TestHosts.ServerBuilder(identity: "east"), cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

            Assert.That(await calc.AddAsync(2, 40, cancellationToken), Is.EqualTo(42));
            Assert.That(await calc.WhoAsync(), Is.EqualTo("east"), "the constructor got the host's ServerIdentity");
            Assert.That(host.Services.GetRequiredService<Calculator>().Calls, Is.EqualTo(1), "the bound object is the container's singleton");
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Bind_ImplementationRegisteredByTheHost_UsesThatRegistration(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder(identity: "ignored");
        builder.Services.AddSingleton(static _ => new Calculator(new ServerIdentity("registered"), new SlowCalls()));
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

            Assert.That(await calc.WhoAsync(), Is.EqualTo("registered"));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Bind_Factory_MakesTheObjectOnceAtStart(CancellationToken cancellationToken)
    {
        int made = 0;
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton(new ServerIdentity("factory"));
        builder.Services.AddRompServer(o => o.Endpoint = "tcp://127.0.0.1:0")
            .Bind<ICalculator>("calc", services =>
            {
                Interlocked.Increment(ref made);
                return new Calculator(services.GetRequiredService<ServerIdentity>(), new SlowCalls());
            });
        IHost host = builder.Build();
        try
        {
            Assert.That(made, Is.Zero, "nothing is made before the host starts");
            await host.StartAsync(cancellationToken);
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            ICalculator first = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
            ICalculator second = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

            Assert.That(await first.WhoAsync(), Is.EqualTo("factory"));
            Assert.That(await second.AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
            Assert.That(made, Is.EqualTo(1));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Bind_WithPolicy_RefusesClientsThePolicyDenies(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        // Another instance: a policy protects its object under every name it is bound as.
        builder.Services.AddRompServer(static _ => { })
            .Bind<ICalculator>("admin", static _ => new Calculator(new ServerIdentity("admin"), new SlowCalls()), RompPolicy.RequireAuthenticated());
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);

            Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
            RompException? refused = Assert.ThrowsAsync<RompException>(async () => await client.ResolveAsync<ICalculator>("admin", cancellationToken));
            Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task AddRompServer_CalledTwice_OneServerServesBothBindings(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Services.AddRompServer(o => o.MaxConnections = 5).Bind<ICalculator>("other", static services => services.GetRequiredService<Calculator>());
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);

            Assert.That(await (await client.ResolveAsync<ICalculator>("calc", cancellationToken)).AddAsync(1, 1, cancellationToken), Is.EqualTo(2));
            Assert.That(await (await client.ResolveAsync<ICalculator>("other", cancellationToken)).AddAsync(2, 2, cancellationToken), Is.EqualTo(4));
            Assert.That(host.Services.GetServices<IHostedService>().Count(static s => s is RompServerHost), Is.EqualTo(1));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Start_NameBoundTwice_FailsTheHostStart(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Services.AddRompServer(static _ => { }).Bind<ICalculator, Calculator>("calc");
        using IHost host = builder.Build();

        ArgumentException? error = Assert.ThrowsAsync<ArgumentException>(() => host.StartAsync(cancellationToken));
        Assert.That(error!.Message, Does.Contain("calc"));
    }

    [Test]
    public async Task Start_NoEndpoint_FailsTheHostStartSayingWhereToSetIt(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddSingleton(new ServerIdentity("server"));
        builder.Services.AddSingleton(new SlowCalls());
        builder.Services.AddRompServer(static _ => { }).Bind<ICalculator, Calculator>("calc");
        using IHost host = builder.Build();

        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync(cancellationToken));
        Assert.That(error!.Message, Does.Contain("Romp:Server:Endpoint"));
    }

    [Test]
    public async Task AddRompServer_ConfigurationSection_BindsEndpointTimeoutsAndLimits(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Romp:Server:Endpoint"] = "tcp://127.0.0.1:0",
            ["Romp:Server:MaxConnections"] = "1",
            ["Romp:Server:KeepAliveInterval"] = "00:00:07",
            ["Romp:Server:DefaultCallTimeout"] = "00:00:03",
            ["Romp:Server:FlowCallContext"] = "false",
        });
        builder.Services.AddSingleton(new ServerIdentity("configured"));
        builder.Services.AddSingleton(new SlowCalls());
        builder.Services.AddRompServer(builder.Configuration.GetSection("Romp:Server")).Bind<ICalculator, Calculator>("calc");
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            RompHostedServerOptions options = host.Services.GetRequiredService<IOptions<RompHostedServerOptions>>().Value;
            Assert.That(options.KeepAliveInterval, Is.EqualTo(TimeSpan.FromSeconds(7)));
            Assert.That(options.DefaultCallTimeout, Is.EqualTo(TimeSpan.FromSeconds(3)));
            Assert.That(options.FlowCallContext, Is.False);
            Assert.That(options.MaxFrameSize, Is.Null, "what configuration does not set keeps the runtime's default");

            // MaxConnections = 1 reached the running server: a second client is refused.
            await using RompClient first = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            Assert.That(await (await first.ResolveAsync<ICalculator>("calc", cancellationToken)).WhoAsync(), Is.EqualTo("configured"));
            RompException? refused = Assert.ThrowsAsync<RompException>(async () => await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken));
            Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task AddRompServer_EnableDescribeFromConfiguration_ServesTheDescription(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Romp:Server:Endpoint"] = "tcp://127.0.0.1:0",
            ["Romp:Server:EnableDescribe"] = "true",
        });
        builder.Services.AddSingleton(new ServerIdentity("described"));
        builder.Services.AddSingleton(new SlowCalls());
        builder.Services.AddRompServer(builder.Configuration.GetSection("Romp:Server")).Bind<ICalculator, Calculator>("calc");
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            Romp.Description.RompServiceDescription description = await client.DescribeAsync(cancellationToken: cancellationToken);

            Assert.That(description.Objects.Select(static o => o.Name), Is.EqualTo(new[] { "calc" }));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task ConfigureServer_CodeOnlySetting_ReachesTheServer(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Server:Endpoint"] = "tcp://127.0.0.1:0" });
        builder.Services.AddRompServer(builder.Configuration.GetSection("Server"), static o => o.ConfigureServer(static server => server.Acceptor = static _ => false));
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            RompException? refused = Assert.ThrowsAsync<RompException>(async () => await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken));
            Assert.That(refused!.Error, Is.EqualTo(RompError.AccessDenied));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Logging_NoLoggerFactorySet_RuntimeLogsReachTheHostsProviders(CancellationToken cancellationToken)
    {
        var logs = new CapturingLoggerProvider();
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Logging.AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);

            // The server's "{Connection} accepted from {RemoteEndPoint}" (event 1), logged by the runtime.
            CapturingLoggerProvider.LogRecord accepted = await logs.WaitForAsync(static r => r.Category == "Romp.Server" && r.EventId.Id == 1).WaitAsync(cancellationToken);
            Assert.That(accepted.Message, Does.Contain("accepted from"));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task Logging_LoggerFactorySetInCode_WinsOverTheHosts(CancellationToken cancellationToken)
    {
        var hostLogs = new CapturingLoggerProvider();
        var ownLogs = new CapturingLoggerProvider();
        using ILoggerFactory own = LoggerFactory.Create(logging => logging.AddProvider(ownLogs).SetMinimumLevel(LogLevel.Debug));
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Logging.AddProvider(hostLogs).SetMinimumLevel(LogLevel.Debug);
        builder.Services.AddRompServer(o => o.ConfigureServer(server => server.LoggerFactory = own));
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);

            await ownLogs.WaitForAsync(static r => r.Category == "Romp.Server" && r.EventId.Id == 1).WaitAsync(cancellationToken);
            Assert.That(hostLogs.Records.Where(static r => r.Category.StartsWith("Romp", StringComparison.Ordinal)), Is.Empty);
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task HostStop_CallInFlight_FinishesBeforeTheServerStops(CancellationToken cancellationToken)
    {
        var slowCalls = new SlowCalls();
        IHost host = await TestHosts.StartAsync(TestHosts.ServerBuilder(slowCalls: slowCalls), cancellationToken);
        try
        {
            var reconnecting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var options = new RompClientOptions { Reconnect = RompReconnectPolicy.Exponential(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) };
            await using var client = new RompClient(TestHosts.Endpoint(host), options);
            client.StateChanged += (_, change) =>
            {
                if (change.State == RompConnectionState.Reconnecting)
                    reconnecting.TrySetResult();
            };
            await client.StartAsync(cancellationToken);
            ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
            Task<int> slow = calc.SlowAsync(cancellationToken).AsTask();
            await slowCalls.Started.Task.WaitAsync(cancellationToken);

            Task stopping = host.StopAsync(cancellationToken);
            await reconnecting.Task.WaitAsync(cancellationToken); // DRAIN told the client the server is going away
            Assert.That(stopping.IsCompleted, Is.False, "the stop waits for the call in flight");

            slowCalls.Release();
            await stopping;
            Assert.That(await slow, Is.EqualTo(42), "the call in flight finished on the draining connection");
            Assert.That(slowCalls.Cancelled.Task.IsCompleted, Is.False);
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task HostStop_CallOutlastsTheShutdownTimeout_IsCancelled(CancellationToken cancellationToken)
    {
        var slowCalls = new SlowCalls();
        HostApplicationBuilder builder = TestHosts.ServerBuilder(slowCalls: slowCalls);
        builder.Services.Configure<HostOptions>(static o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(200));
        IHost host = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
            Task<int> slow = calc.SlowAsync(cancellationToken).AsTask();
            await slowCalls.Started.Task.WaitAsync(cancellationToken);

            await host.StopAsync(CancellationToken.None);

            await slowCalls.Cancelled.Task.WaitAsync(cancellationToken);
            Assert.CatchAsync(async () => await slow, "the call was cut short, not answered");
            Assert.That(host.Services.GetRequiredService<RompServer>().ConnectionCount, Is.Zero);
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }
}
