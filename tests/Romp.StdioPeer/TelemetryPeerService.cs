using System.Diagnostics;
using System.Globalization;
using OpenTelemetry.Metrics;

namespace Romp.StdioPeer;

/// <summary>The peer's side of <see cref="ITelemetryPeer"/>: reads what OpenTelemetry's in-memory exporters hold.</summary>
internal sealed class TelemetryPeerService(ExportedItems<Activity> spans, ExportedItems<MetricSnapshot> metrics, MeterProvider metering) : ITelemetryPeer
{
    public ValueTask<int> AddAsync(int a, int b) => new(a + b);

    public ValueTask FailAsync(string message) => ValueTask.FromException(new InvalidOperationException(message));

    public async ValueTask<string> RelayAsync(IStdioCallback callback, string text) => $"child({await callback.TransformAsync(text)})";

    public async ValueTask<List<ExportedSpan>> SpansAsync(string traceId, int atLeast, CancellationToken cancellationToken)
    {
        await spans.Added.WaitUntilAsync(() => InTrace(traceId).Count >= atLeast, over: null, cancellationToken);
        return InTrace(traceId).ConvertAll(static span => new ExportedSpan(
            span.DisplayName,
            span.Kind.ToString(),
            span.TraceId.ToHexString(),
            span.SpanId.ToHexString(),
            span.ParentSpanId == default ? "" : span.ParentSpanId.ToHexString(),
            span.Status.ToString(),
            span.TagObjects.ToDictionary(static tag => tag.Key, static tag => Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "")));
    }

    public ValueTask<List<ExportedPoint>> MetricsAsync()
    {
        metering.ForceFlush();
        // Cumulative: each flush adds a snapshot of every metric, and the last one of each says everything.
        var latest = new Dictionary<string, MetricSnapshot>();
        foreach (MetricSnapshot snapshot in metrics.Snapshot())
            latest[snapshot.Name] = snapshot;
        var points = new List<ExportedPoint>();
        foreach (MetricSnapshot metric in latest.Values)
        {
            foreach (MetricPoint point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, string>();
                foreach (KeyValuePair<string, object?> tag in point.Tags)
                    tags[tag.Key] = Convert.ToString(tag.Value, CultureInfo.InvariantCulture) ?? "";
                long count = metric.MetricType switch
                {
                    MetricType.Histogram => point.GetHistogramCount(),
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong(),
                    _ => 0,
                };
                points.Add(new ExportedPoint(metric.Name, metric.Unit, count, tags));
            }
        }

        return new(points);
    }

    private List<Activity> InTrace(string traceId) => spans.Snapshot().FindAll(span => span.TraceId.ToHexString() == traceId);
}
