using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Snippets;

/// <summary>The README's "Metrics and traces": OpenTelemetry listening to Romp in a hosted app.</summary>
public static class Telemetry
{
    public static async Task RunAsync()
    {
        #region README
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(RompTelemetry.ActivitySourceName).AddConsoleExporter()) // or AddOtlpExporter()
            .WithMetrics(metrics => metrics.AddMeter(RompTelemetry.MeterName).AddConsoleExporter());
        using IHost host = builder.Build();
        await host.StartAsync();

        // Romp's logs (a served method's exception, a failed one-way call) go to the host's logging, in the call's trace.
        var options = new RompServerOptions { LoggerFactory = host.Services.GetRequiredService<ILoggerFactory>() };
        await using var server = new RompServer("tcp://127.0.0.1:0", options);
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync();
        #endregion

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc");
        Console.WriteLine($"telemetry: 2 + 40 = {await calc.AddAsync(2, 40)}, traced and measured");
        await host.StopAsync();
    }
}
