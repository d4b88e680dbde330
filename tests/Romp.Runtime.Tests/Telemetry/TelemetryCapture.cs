using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Romp.Tests.Support;

namespace Romp.Tests.Telemetry;

/// <summary>
/// Listens to Romp's <see cref="ActivitySource"/> and <see cref="Meter"/> in this process, as OpenTelemetry would, and
/// keeps every span stopped and every measurement taken while it lives. Also listens to <see cref="TestSource"/>, whose
/// spans tests start as the parent of their calls. Tests run one at a time in this assembly, so no other test's telemetry
/// arrives meanwhile, but the spans and measurements of connections closing in the background may: tests pick theirs out
/// by method or trace.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    /// <summary>The source tests start their own (parent) spans with.</summary>
    public static readonly ActivitySource TestSource = new("Romp.Tests.Telemetry");

    private readonly ActivityListener _activities;
    private readonly MeterListener _meters;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();
    private readonly ChangeSignal _changed = new();

    /// <param name="spans">Listen to Romp's spans.</param>
    /// <param name="metrics">Listen to Romp's instruments.</param>
    public TelemetryCapture(bool spans = true, bool metrics = true)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = source => source == TestSource || (spans && source.Name == RompTelemetry.ActivitySourceName),
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.Source != TestSource)
                {
                    _spans.Enqueue(activity);
                    _changed.Notify();
                }
            },
        };
        ActivitySource.AddActivityListener(_activities);

        _meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (metrics && instrument.Meter.Name == RompTelemetry.MeterName)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    public IReadOnlyList<Activity> Spans => [.. _spans];

    public IReadOnlyList<Measurement> Measurements => [.. _measurements];

    /// <summary>Completes with the first span stopped that matches <paramref name="match"/>, waiting for it if need be.</summary>
    public async Task<Activity> SpanAsync(Func<Activity, bool> match, CancellationToken cancellationToken)
    {
        Activity? found = null;
        await _changed.WaitUntilAsync(() => (found = _spans.FirstOrDefault(match)) is not null, over: null, cancellationToken);
        return found!;
    }

    /// <summary>A span of the method <paramref name="method"/> (<c>Interface/Method</c>) of that kind.</summary>
    public Task<Activity> SpanAsync(string method, ActivityKind kind, CancellationToken cancellationToken) =>
        SpanAsync(span => span.DisplayName == method && span.Kind == kind, cancellationToken);

    /// <summary>Completes with the first measurement of <paramref name="instrument"/> that matches <paramref name="match"/>.</summary>
    public async Task<Measurement> MeasurementAsync(string instrument, Func<Measurement, bool> match, CancellationToken cancellationToken)
    {
        Measurement? found = null;
        await _changed.WaitUntilAsync(() => (found = _measurements.FirstOrDefault(m => m.Instrument == instrument && match(m))) is not null, over: null, cancellationToken);
        return found!;
    }

    /// <summary>A duration of <paramref name="instrument"/> for <paramref name="method"/>.</summary>
    public Task<Measurement> DurationAsync(string instrument, string method, CancellationToken cancellationToken) =>
        MeasurementAsync(instrument, m => Equals(m.Tag("rpc.method"), method), cancellationToken);

    /// <summary>Forgets what was captured so far.</summary>
    public void Clear()
    {
        _spans.Clear();
        _measurements.Clear();
    }

    /// <summary>Asks the observed instruments for their values now; they arrive as measurements.</summary>
    public void Collect() => _meters.RecordObservableInstruments();

    public void Dispose()
    {
        _meters.Dispose();
        _activities.Dispose();
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        _measurements.Enqueue(new Measurement(instrument.Name, instrument.Unit, value, tags.ToArray()));
        _changed.Notify();
    }

    /// <summary>One measurement: what was measured, its unit, its value, and its attributes.</summary>
    public sealed record Measurement(string Instrument, string? Unit, double Value, KeyValuePair<string, object?>[] Tags)
    {
        public object? Tag(string name) => Array.Find(Tags, tag => tag.Key == name).Value;

        public bool HasTag(string name) => Array.Exists(Tags, tag => tag.Key == name);
    }
}
