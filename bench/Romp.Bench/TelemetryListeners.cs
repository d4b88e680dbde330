using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Romp.Bench;

/// <summary>
/// <c>--telemetry</c>: listens to Romp's spans and metrics in this process as an exporter would, with the least work an
/// exporter can do (each span and measurement counted, nothing aggregated), so that a run shows what Romp itself spends
/// when someone listens. OpenTelemetry's SDK adds its own aggregation and export on top.
/// </summary>
internal sealed class TelemetryListeners : IDisposable
{
    private readonly ActivityListener? _spans;
    private readonly MeterListener _metrics;
    private long _spanCount;
    private long _measurementCount;

    private TelemetryListeners(bool spans)
    {
        if (spans)
        {
            _spans = new ActivityListener
            {
                ShouldListenTo = static source => source.Name == RompTelemetry.ActivitySourceName,
                Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _ => Interlocked.Increment(ref _spanCount),
            };
            ActivitySource.AddActivityListener(_spans);
        }

        _metrics = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == RompTelemetry.MeterName)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _metrics.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurementCount));
        _metrics.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurementCount));
        _metrics.Start();
    }

    /// <summary>Listens to the metrics, and to the spans unless <paramref name="spans"/> is false.</summary>
    public static TelemetryListeners Start(bool spans) => new(spans);

    /// <summary>What was seen so far, for the report.</summary>
    public override string ToString() => $"{Interlocked.Read(ref _spanCount)} spans, {Interlocked.Read(ref _measurementCount)} measurements";

    public void Dispose()
    {
        _metrics.Dispose();
        _spans?.Dispose();
    }
}
