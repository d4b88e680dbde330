using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using Romp.StdioPeer;
using Romp.Tests.Support;

namespace Romp.Tests.Telemetry;

/// <summary>
/// One trace across two processes, each with OpenTelemetry's SDK (1.20.1) and its in-memory exporter: this one as the
/// client, tests/Romp.StdioPeer in its <c>telemetry</c> mode as the server, which reports what its exporters hold over
/// Romp. The server's spans must be the children of this process's client spans, and a callback's the other way round;
/// both sides' metrics must have the conventions' names, units and attributes.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(60_000)]
public sealed class CrossProcessTelemetryTests
{
    private const string Peer = "Romp.StdioPeer.ITelemetryPeer";
    private const string Transform = "Romp.StdioPeer.IStdioCallback/TransformAsync";

    [Test]
    public async Task TwoProcesses_OpenTelemetryOnEachSide_OneTraceAndTheConventionsMetrics(CancellationToken cancellationToken)
    {
        var spans = new ExportedItems<Activity>();
        var metrics = new ExportedItems<MetricSnapshot>();
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(RompTelemetry.ActivitySourceName, TelemetryCapture.TestSource.Name)
            .SetSampler(new AlwaysOnSampler())
            .AddInMemoryExporter(spans)
            .Build();
        using MeterProvider metering = Sdk.CreateMeterProviderBuilder()
            .AddMeter(RompTelemetry.MeterName)
            .AddInMemoryExporter(metrics)
            .Build();
        await using PeerProcess child = PeerProcess.Start("telemetry", "tcp://127.0.0.1:0");
        string endpoint = await child.ReadLineAsync(cancellationToken) ?? throw new AssertionException($"The peer did not start: {child.Stderr}");
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        ITelemetryPeer peer = await client.ResolveAsync<ITelemetryPeer>(ITelemetryPeer.Name, cancellationToken);

        Activity root = TelemetryCapture.TestSource.StartActivity("cross-process")!;
        using (root)
        {
            Assert.That(await peer.AddAsync(2, 40), Is.EqualTo(42));
            Assert.That(Assert.ThrowsAsync<InvalidOperationException>(async () => await peer.FailAsync("boom"))!.Message, Is.EqualTo("boom"));
            Assert.That(await peer.RelayAsync(new UpperCase(), "hi"), Is.EqualTo("child(HI)"));
        }

        string traceId = root.TraceId.ToHexString();
        // The child's: three server spans and the client span of its callback into this process.
        List<ExportedSpan> theirs = await peer.SpansAsync(traceId, atLeast: 4, cancellationToken);
        // Ours: the root, three client spans, and the server span of the callback.
        await spans.Added.WaitUntilAsync(() => InTrace(spans, traceId).Count >= 5, over: null, cancellationToken);
        List<Activity> ours = InTrace(spans, traceId);

        Activity addClient = ours.Single(s => s.DisplayName == Peer + "/AddAsync");
        Activity failClient = ours.Single(s => s.DisplayName == Peer + "/FailAsync");
        Activity relayClient = ours.Single(s => s.DisplayName == Peer + "/RelayAsync");
        Activity transformServer = ours.Single(s => s.DisplayName == Transform);
        ExportedSpan addServer = theirs.Single(s => s.Name == Peer + "/AddAsync");
        ExportedSpan failServer = theirs.Single(s => s.Name == Peer + "/FailAsync");
        ExportedSpan relayServer = theirs.Single(s => s.Name == Peer + "/RelayAsync");
        ExportedSpan transformClient = theirs.Single(s => s.Name == Transform);
        Assert.Multiple(() =>
        {
            Assert.That(addClient.Kind, Is.EqualTo(ActivityKind.Client));
            Assert.That(addClient.ParentSpanId, Is.EqualTo(root.SpanId));
            Assert.That((addServer.Kind, addServer.TraceId, addServer.ParentSpanId), Is.EqualTo(("Server", traceId, addClient.SpanId.ToHexString())),
                "the server span in the other process is the child of this one's client span");
            Assert.That(addServer.Tags, Does.ContainKey("rpc.system.name").WithValue("romp"));
            Assert.That(addServer.Tags, Does.ContainKey("rpc.method").WithValue(Peer + "/AddAsync"));
            Assert.That(addServer.Tags, Does.ContainKey("network.transport").WithValue("tcp"));
            Assert.That(addServer.Status, Is.EqualTo("Unset"));
            Assert.That(failServer.ParentSpanId, Is.EqualTo(failClient.SpanId.ToHexString()));
            Assert.That(failServer.Status, Is.EqualTo("Error"));
            Assert.That(failServer.Tags, Does.ContainKey("error.type").WithValue("System.InvalidOperationException"));
            Assert.That(failClient.Status, Is.EqualTo(ActivityStatusCode.Error));
            Assert.That(relayServer.ParentSpanId, Is.EqualTo(relayClient.SpanId.ToHexString()));
            Assert.That((transformClient.Kind, transformClient.ParentSpanId), Is.EqualTo(("Client", relayServer.SpanId)), "the callback is made inside the served call");
            Assert.That(transformServer.Kind, Is.EqualTo(ActivityKind.Server));
            Assert.That(transformServer.ParentSpanId.ToHexString(), Is.EqualTo(transformClient.SpanId), "and served here as its child");
        });

        List<ExportedPoint> theirMetrics = await peer.MetricsAsync();
        ExportedPoint addServed = theirMetrics.Single(p => p.Metric == "rpc.server.call.duration" && p.Tags.GetValueOrDefault("rpc.method") == Peer + "/AddAsync");
        ExportedPoint failServed = theirMetrics.Single(p => p.Metric == "rpc.server.call.duration" && p.Tags.GetValueOrDefault("rpc.method") == Peer + "/FailAsync");
        ExportedPoint callback = theirMetrics.Single(p => p.Metric == "rpc.client.call.duration" && p.Tags.GetValueOrDefault("rpc.method") == Transform);
        Assert.Multiple(() =>
        {
            Assert.That((addServed.Unit, addServed.Count), Is.EqualTo(("s", 1L)));
            Assert.That(addServed.Tags, Is.EquivalentTo(new Dictionary<string, string>
            {
                ["rpc.system.name"] = "romp",
                ["rpc.method"] = Peer + "/AddAsync",
                ["network.transport"] = "tcp",
            }));
            Assert.That(failServed.Tags, Does.ContainKey("error.type").WithValue("System.InvalidOperationException"));
            Assert.That(callback.Tags, Does.Not.ContainKey("server.address"), "the callback goes to a client: no server address");
            Assert.That(theirMetrics.Any(p => p.Metric == "romp.frames.received" && p.Tags.GetValueOrDefault("romp.frame.type") == "request" && p.Count >= 3), Is.True);
            Assert.That(theirMetrics.Any(p => p.Metric == "romp.bytes.sent" && p.Unit == "By" && p.Count > 0), Is.True);
            Assert.That(theirMetrics.Any(p => p.Metric == "romp.connections.active" && p.Tags.GetValueOrDefault("romp.connection.role") == "server" && p.Count >= 1), Is.True);
        });

        metering.ForceFlush();
        MetricSnapshot clientDurations = metrics.Snapshot().Last(m => m.Name == "rpc.client.call.duration");
        var add = new Dictionary<string, object?>();
        foreach (MetricPoint point in clientDurations.MetricPoints)
        {
            var tags = new Dictionary<string, object?>();
            foreach (KeyValuePair<string, object?> tag in point.Tags)
                tags[tag.Key] = tag.Value;
            if (Equals(tags.GetValueOrDefault("rpc.method"), Peer + "/AddAsync"))
                add = tags;
        }

        Assert.That(clientDurations.Unit, Is.EqualTo("s"));
        Assert.That(add, Is.EquivalentTo(new Dictionary<string, object?>
        {
            ["rpc.system.name"] = "romp",
            ["rpc.method"] = Peer + "/AddAsync",
            ["network.transport"] = "tcp",
            ["server.address"] = "127.0.0.1",
            ["server.port"] = new Uri(endpoint).Port,
        }));
    }

    private static List<Activity> InTrace(ExportedItems<Activity> spans, string traceId) =>
        spans.Snapshot().FindAll(span => span.TraceId.ToHexString() == traceId);

    private sealed class UpperCase : IStdioCallback
    {
        public ValueTask<string> TransformAsync(string text) => new(text.ToUpperInvariant());
    }
}
