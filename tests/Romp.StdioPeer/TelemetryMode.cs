using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Romp.StdioPeer;

/// <summary>
/// <c>telemetry tcp://127.0.0.1:PORT</c>: a RompServer serving <see cref="ITelemetryPeer"/>, with OpenTelemetry's SDK
/// listening to Romp's traces and metrics and exporting them to memory, for the test that follows one trace across two
/// processes. The real endpoint is the first line on standard output.
/// </summary>
internal static class TelemetryMode
{
    /// <summary>Serves until standard input ends: 0.</summary>
    public static async Task<int> RunAsync(string endpoint)
    {
        var spans = new ExportedItems<Activity>();
        var metrics = new ExportedItems<MetricSnapshot>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(RompTelemetry.ActivitySourceName)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        using MeterProvider metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RompTelemetry.MeterName)
            .AddInMemoryExporter(metrics)
            .Build();

        await using var server = new RompServer(endpoint);
        server.Bind<ITelemetryPeer>(ITelemetryPeer.Name, new TelemetryPeerService(spans, metrics, metering));
        await server.StartAsync();
        Console.Out.WriteLine(server.Endpoint);
        Console.Out.Flush();
        await Console.OpenStandardInput().CopyToAsync(Stream.Null);
        return 0;
    }
}
