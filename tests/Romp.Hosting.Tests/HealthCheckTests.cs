using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Romp.Hosting.Tests.Contracts;
using Romp.Hosting.Tests.Support;

namespace Romp.Hosting.Tests;

/// <summary><c>AddRompServerCheck</c> and <c>AddRompClientCheck</c> through the host's <see cref="HealthCheckService"/>, over the life of real hosts.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class HealthCheckTests
{
    [Test]
    public async Task ServerCheck_OverTheHostsLife_UnhealthyHealthyUnhealthy(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.ServerBuilder();
        builder.Services.AddHealthChecks().AddRompServerCheck();
        IHost host = builder.Build();
        try
        {
            HealthReportEntry before = await CheckAsync(host, "romp-server", cancellationToken);
            await host.StartAsync(cancellationToken);
            await using RompClient client = await RompClient.ConnectAsync(TestHosts.Endpoint(host), cancellationToken: cancellationToken);
            HealthReportEntry listening = await CheckAsync(host, "romp-server", cancellationToken);
            await host.StopAsync(cancellationToken);
            HealthReportEntry stopped = await CheckAsync(host, "romp-server", cancellationToken);

            Assert.That(before.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(listening.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(listening.Data["endpoint"], Is.EqualTo(TestHosts.Endpoint(host)));
            Assert.That(listening.Data["connections"], Is.InstanceOf<int>()); // the client is counted once the server's side of the handshake ends
            Assert.That(stopped.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(stopped.Description, Does.Contain("stopped"));
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task ServerCheck_StartFailed_ReportsTheFailureStatusWithTheError(CancellationToken cancellationToken)
    {
        await using var taken = new RompServer("tcp://127.0.0.1:0");
        await taken.StartAsync(cancellationToken);
        HostApplicationBuilder builder = TestHosts.ServerBuilder(endpoint: taken.Endpoint);
        builder.Services.AddHealthChecks().AddRompServerCheck(name: "rpc", failureStatus: HealthStatus.Degraded);
        IHost host = builder.Build();
        try
        {
            Assert.CatchAsync(() => host.StartAsync(cancellationToken), "the port is taken");
            HealthReportEntry failed = await CheckAsync(host, "rpc", cancellationToken);

            Assert.That(failed.Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(failed.Description, Does.Contain("failed to start"));
            Assert.That(failed.Exception, Is.Not.Null);
        }
        finally
        {
            await TestHosts.DisposeAsync(host);
        }
    }

    [Test]
    public async Task ClientCheck_ConnectedThenReconnecting_HealthyThenDegradedThenHealthyAgain(CancellationToken cancellationToken)
    {
        IHost first = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        string endpoint = TestHosts.Endpoint(first);
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddRompClient("backend", o =>
        {
            o.Endpoint = endpoint;
            o.Reconnect.InitialDelay = TimeSpan.FromMilliseconds(20);
            o.Reconnect.MaxDelay = TimeSpan.FromMilliseconds(200);
        }).AddProxy<ICalculator>("calc");
        builder.Services.AddHealthChecks().AddRompClientCheck("backend");
        IHost client = await TestHosts.StartAsync(builder, cancellationToken);
        IHost? second = null;
        try
        {
            RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
            HealthReportEntry connected = await CheckAsync(client, "romp-client-backend", cancellationToken);
            Task reconnecting = NextStateAsync(backend, RompConnectionState.Reconnecting);
            await first.StopAsync(cancellationToken);
            await reconnecting.WaitAsync(cancellationToken);
            HealthReportEntry lost = await CheckAsync(client, "romp-client-backend", cancellationToken);
            Task back = NextStateAsync(backend, RompConnectionState.Connected);
            second = await TestHosts.StartAsync(TestHosts.ServerBuilder(endpoint: endpoint), cancellationToken);
            await back.WaitAsync(cancellationToken);
            HealthReportEntry again = await CheckAsync(client, "romp-client-backend", cancellationToken);

            Assert.That(connected.Status, Is.EqualTo(HealthStatus.Healthy));
            Assert.That(connected.Data["state"], Is.EqualTo("Connected"));
            Assert.That(lost.Status, Is.EqualTo(HealthStatus.Degraded));
            Assert.That(lost.Data["state"], Is.EqualTo("Reconnecting"));
            Assert.That(again.Status, Is.EqualTo(HealthStatus.Healthy));
        }
        finally
        {
            await TestHosts.DisposeAsync(client);
            if (second is not null)
                await TestHosts.DisposeAsync(second);
            await TestHosts.DisposeAsync(first);
        }
    }

    [Test]
    public async Task ClientCheck_Closed_UnhealthyWithTheReason(CancellationToken cancellationToken)
    {
        IHost server = await TestHosts.StartAsync(TestHosts.ServerBuilder(), cancellationToken);
        HostApplicationBuilder builder = TestHosts.Builder();
        string endpoint = TestHosts.Endpoint(server);
        builder.Services.AddRompClient("backend", o =>
        {
            o.Endpoint = endpoint;
            o.Reconnect.Enabled = false;
        });
        builder.Services.AddHealthChecks().AddRompClientCheck("backend", name: "backend");
        IHost client = await TestHosts.StartAsync(builder, cancellationToken);
        try
        {
            RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
            await server.StopAsync(cancellationToken);
            await backend.Completion.WaitAsync(cancellationToken);
            HealthReportEntry closed = await CheckAsync(client, "backend", cancellationToken);

            Assert.That(closed.Status, Is.EqualTo(HealthStatus.Unhealthy));
            Assert.That(closed.Exception, Is.TypeOf<RompException>().With.Property(nameof(RompException.Error)).EqualTo(RompError.ListenerKilled));
        }
        finally
        {
            await TestHosts.DisposeAsync(client);
            await TestHosts.DisposeAsync(server);
        }
    }

    [Test]
    public async Task ClientCheck_NameNotRegistered_ReportsTheMistake(CancellationToken cancellationToken)
    {
        HostApplicationBuilder builder = TestHosts.Builder();
        builder.Services.AddHealthChecks().AddRompClientCheck("nobody");
        using IHost host = builder.Build();

        HealthReportEntry entry = await CheckAsync(host, "romp-client-nobody", cancellationToken);

        Assert.That(entry.Status, Is.EqualTo(HealthStatus.Unhealthy));
        Assert.That(entry.Exception!.Message, Does.Contain("AddRompClient"));
    }

    private static async Task<HealthReportEntry> CheckAsync(IHost host, string name, CancellationToken cancellationToken)
    {
        HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(cancellationToken);
        return report.Entries[name];
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
}
