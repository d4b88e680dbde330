using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Romp.Telemetry;

/// <summary>
/// Romp's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, both named "Romp", and every instrument of the
/// meter. Names, units and attributes follow OpenTelemetry's RPC conventions (docs/rpc); the README's table lists them.
/// Hot paths test an instrument's <see cref="Instrument.Enabled"/> (or <see cref="ActivitySource.HasListeners"/>) once
/// and skip everything else while it is false.
/// </summary>
internal static class RompInstruments
{
    /// <summary>The value of <c>rpc.system.name</c>.</summary>
    public const string SystemName = "romp";

    // Attribute names: OpenTelemetry's where it has one, romp.* otherwise.
    public const string RpcSystemName = "rpc.system.name";
    public const string RpcMethod = "rpc.method";
    public const string ErrorType = "error.type";
    public const string NetworkTransport = "network.transport";
    public const string ServerAddress = "server.address";
    public const string ServerPort = "server.port";
    public const string FrameType = "romp.frame.type";
    public const string ConnectionRole = "romp.connection.role";

    /// <summary>The conventions' fallback value, for a method the contract does not define (<c>rpc.method</c>) and an error without a type.</summary>
    public const string Other = "_OTHER";

    // The conventions' advice for rpc.*.call.duration (and http.*.duration): short operations.
    private static readonly double[] s_callBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

    // Kestrel's for kestrel.connection.duration: connections live long.
    private static readonly double[] s_connectionBuckets = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 30, 60, 120, 300];

    public static readonly ActivitySource Source = new(RompTelemetry.ActivitySourceName);

    public static readonly Meter Meter = new(RompTelemetry.MeterName);

    public static readonly Histogram<double> ClientDuration = Duration("rpc.client.call.duration",
        "Measures the duration of an outgoing Remote Procedure Call (RPC).", s_callBuckets);

    public static readonly Histogram<double> ServerDuration = Duration("rpc.server.call.duration",
        "Measures the duration of an incoming Remote Procedure Call (RPC).", s_callBuckets);

    public static readonly Histogram<double> ConnectionDuration = Duration("romp.connection.duration",
        "How long Romp connections were open, measured when they close.", s_connectionBuckets);

    public static readonly Counter<long> FramesSent = Meter.CreateCounter<long>("romp.frames.sent", "{frame}", "Frames written to peers.");

    public static readonly Counter<long> FramesReceived = Meter.CreateCounter<long>("romp.frames.received", "{frame}", "Frames read from peers.");

    public static readonly Counter<long> BytesSent = Meter.CreateCounter<long>("romp.bytes.sent", "By", "Bytes of the frames written to peers, headers included.");

    public static readonly Counter<long> BytesReceived = Meter.CreateCounter<long>("romp.bytes.received", "By", "Bytes of the frames read from peers, headers included.");

    public static readonly ObservableUpDownCounter<long> ConnectionsActive = Meter.CreateObservableUpDownCounter("romp.connections.active",
        LiveConnections.ObserveActive, "{connection}", "Romp connections open now.");

    public static readonly ObservableUpDownCounter<long> ReferencesExported = Meter.CreateObservableUpDownCounter("romp.references.exported",
        LiveConnections.ObserveExported, "{object}", "Objects this process exports to its peers now, counted once per connection.");

    public static readonly ObservableUpDownCounter<long> ReferencesImported = Meter.CreateObservableUpDownCounter("romp.references.imported",
        LiveConnections.ObserveImported, "{object}", "Objects of its peers this process holds proxies for now, counted once per connection.");

    public static readonly ObservableUpDownCounter<long> OnewaysQueued = Meter.CreateObservableUpDownCounter("romp.oneways.queued",
        LiveConnections.ObserveQueuedOneways, "{call}", "One-way calls received and queued or running now.");

    public static readonly Counter<long> OnewaysFailed = Meter.CreateCounter<long>("romp.oneways.failed", "{call}",
        "One-way calls received that threw or could not be run: their callers never hear of it.");

    private static Histogram<double> Duration(string name, string description, double[] buckets)
    {
#if NET9_0_OR_GREATER
        return Meter.CreateHistogram(name, "s", description, tags: null, new InstrumentAdvice<double> { HistogramBucketBoundaries = buckets });
#else
        _ = buckets; // advice needs System.Diagnostics.DiagnosticSource 9: on .NET 8 the exporter's buckets apply
        return Meter.CreateHistogram<double>(name, "s", description);
#endif
    }

    /// <summary>
    /// The attributes both call durations carry: system, method, transport, and <c>error.type</c> for a failed call.
    /// The client adds the server's address to them.
    /// </summary>
    public static TagList CallTags(string method, string transport, string? errorType)
    {
        var tags = new TagList
        {
            { RpcSystemName, SystemName },
            { RpcMethod, method },
            { NetworkTransport, transport },
        };
        if (errorType is not null)
            tags.Add(ErrorType, errorType);
        return tags;
    }
}
