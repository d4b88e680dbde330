namespace Romp.StdioPeer;

// Compiled into both the peer and the runtime tests (linked there under Contracts/), as IStdioService is.

/// <summary>
/// What the peer serves as <see cref="Name"/> in its <c>telemetry</c> mode, where OpenTelemetry's SDK listens to Romp
/// and exports to memory: calls to trace, and what the exporters hold, for the parent to compare with its own.
/// </summary>
[RompObject]
public interface ITelemetryPeer
{
    /// <summary>The name the peer binds its service under.</summary>
    public const string Name = "telemetry";

    ValueTask<int> AddAsync(int a, int b);

    /// <summary>Throws <see cref="InvalidOperationException"/> with <paramref name="message"/>.</summary>
    ValueTask FailAsync(string message);

    /// <summary>Calls <paramref name="callback"/> back and wraps its answer as <c>child(...)</c>: a nested call inside the served one.</summary>
    ValueTask<string> RelayAsync(IStdioCallback callback, string text);

    /// <summary>
    /// The spans of trace <paramref name="traceId"/> the in-memory exporter holds, once it holds at least
    /// <paramref name="atLeast"/> of them (a server span is exported after its answer was written, so it may be late).
    /// </summary>
    ValueTask<List<ExportedSpan>> SpansAsync(string traceId, int atLeast, CancellationToken cancellationToken);

    /// <summary>Flushes the meter provider and returns each metric's points from the in-memory exporter's last snapshot of it.</summary>
    ValueTask<List<ExportedPoint>> MetricsAsync();
}

/// <summary>A span as an exporter saw it; ids in W3C hex, <see cref="ParentSpanId"/> empty for a root.</summary>
[RompSerializable]
public sealed record ExportedSpan(string Name, string Kind, string TraceId, string SpanId, string ParentSpanId, string Status, Dictionary<string, string> Tags);

/// <summary>One point of a metric: its attributes and, for a histogram, its count (a counter's sum otherwise).</summary>
[RompSerializable]
public sealed record ExportedPoint(string Metric, string Unit, long Count, Dictionary<string, string> Tags);
