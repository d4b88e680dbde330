using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Romp.Tests.Support;

namespace Romp.Tests.Telemetry;

/// <summary>
/// Spans, durations and logs of calls between a client and servers in this process, over real loopback sockets, with an
/// <see cref="ActivityListener"/> and a <see cref="System.Diagnostics.Metrics.MeterListener"/> attached as OpenTelemetry
/// attaches them (<see cref="TelemetryCapture"/>).
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class CallTelemetryTests
{
    private const string Add = "Romp.Tests.Telemetry.ITraced/AddAsync";
    private const string ClientDuration = "rpc.client.call.duration";
    private const string ServerDuration = "rpc.server.call.duration";

    private TelemetryCapture _capture = null!;
    private CapturingLoggerFactory _logs = null!;
    private Traced _traced = null!;
    private RompServer _server = null!;
    private RompClient _client = null!;
    private ITraced _proxy = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _capture = new TelemetryCapture();
        _logs = new CapturingLoggerFactory();
        _traced = new Traced();
        _server = new RompServer(Transports.NewEndpoint(Transports.Tcp), new RompServerOptions { LoggerFactory = _logs });
        _server.Bind<ITraced>("traced", _traced);
        await _server.StartAsync();
        _client = await RompClient.ConnectAsync(_server.Endpoint);
        _proxy = await _client.ResolveAsync<ITraced>("traced");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
        _capture.Dispose();
        _logs.Dispose();
    }

    [Test]
    public async Task Call_Succeeds_BothDurationsHaveTheConventionsAttributesAndNoError(CancellationToken cancellationToken)
    {
        Assert.That(await _proxy.AddAsync(2, 40), Is.EqualTo(42));

        TelemetryCapture.Measurement client = await _capture.DurationAsync(ClientDuration, Add, cancellationToken);
        TelemetryCapture.Measurement server = await _capture.DurationAsync(ServerDuration, Add, cancellationToken);
        var endpoint = new Uri(_server.Endpoint);
        Assert.Multiple(() =>
        {
            Assert.That(client.Unit, Is.EqualTo("s"));
            Assert.That(client.Value, Is.GreaterThan(0).And.LessThan(30));
            Assert.That(client.Tag("rpc.system.name"), Is.EqualTo("romp"));
            Assert.That(client.Tag("network.transport"), Is.EqualTo("tcp"));
            Assert.That(client.Tag("server.address"), Is.EqualTo("127.0.0.1"));
            Assert.That(client.Tag("server.port"), Is.EqualTo(endpoint.Port));
            Assert.That(client.HasTag("error.type"), Is.False);
            Assert.That(server.Unit, Is.EqualTo("s"));
            Assert.That(server.Value, Is.GreaterThan(0).And.LessThanOrEqualTo(client.Value), "the server's part of the call is inside the client's");
            Assert.That(server.Tag("rpc.system.name"), Is.EqualTo("romp"));
            Assert.That(server.Tag("network.transport"), Is.EqualTo("tcp"));
            Assert.That(server.HasTag("server.address"), Is.False, "opt-in on the server: not set");
            Assert.That(server.HasTag("error.type"), Is.False);
        });
    }

    [Test]
    public async Task Call_MethodThrows_ErrorTypeIsTheExceptionTypeOnBothSidesAndSpansFail(CancellationToken cancellationToken)
    {
        const string fail = "Romp.Tests.Telemetry.ITraced/FailAsync";

        InvalidOperationException? error = Assert.ThrowsAsync<InvalidOperationException>(async () => await _proxy.FailAsync("boom"));

        Assert.That(error!.Message, Is.EqualTo("boom"));
        TelemetryCapture.Measurement client = await _capture.DurationAsync(ClientDuration, fail, cancellationToken);
        TelemetryCapture.Measurement server = await _capture.DurationAsync(ServerDuration, fail, cancellationToken);
        Activity clientSpan = await _capture.SpanAsync(fail, ActivityKind.Client, cancellationToken);
        Activity serverSpan = await _capture.SpanAsync(fail, ActivityKind.Server, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(client.Tag("error.type"), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(server.Tag("error.type"), Is.EqualTo("System.InvalidOperationException"));
            foreach (Activity span in new[] { clientSpan, serverSpan })
            {
                Assert.That(span.Status, Is.EqualTo(ActivityStatusCode.Error), span.Kind.ToString());
                Assert.That(span.StatusDescription, Is.EqualTo("boom"), span.Kind.ToString());
                Assert.That(span.GetTagItem("error.type"), Is.EqualTo("System.InvalidOperationException"), span.Kind.ToString());
            }
        });
    }

    [Test]
    public async Task Call_RompException_ErrorTypeIsTheRompErrorOnBothSides(CancellationToken cancellationToken)
    {
        const string refuse = "Romp.Tests.Telemetry.ITraced/RefuseAsync";

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await _proxy.RefuseAsync());

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        TelemetryCapture.Measurement client = await _capture.DurationAsync(ClientDuration, refuse, cancellationToken);
        TelemetryCapture.Measurement server = await _capture.DurationAsync(ServerDuration, refuse, cancellationToken);
        Activity clientSpan = await _capture.SpanAsync(refuse, ActivityKind.Client, cancellationToken);
        Assert.That((client.Tag("error.type"), server.Tag("error.type"), clientSpan.GetTagItem("error.type")), Is.EqualTo(("AccessDenied", "AccessDenied", "AccessDenied")));
    }

    [Test]
    public async Task Call_UnderASpan_ClientSpanIsItsChildAndTheServerSpanTheClientSpansChild(CancellationToken cancellationToken)
    {
        (string TraceId, string SpanId) seen;
        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
            seen = await _proxy.CurrentSpanAsync();

        const string method = "Romp.Tests.Telemetry.ITraced/CurrentSpanAsync";
        Activity client = await _capture.SpanAsync(method, ActivityKind.Client, cancellationToken);
        Activity server = await _capture.SpanAsync(method, ActivityKind.Server, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(client.TraceId, Is.EqualTo(root.TraceId));
            Assert.That(client.ParentSpanId, Is.EqualTo(root.SpanId));
            Assert.That(client.GetTagItem("rpc.method"), Is.EqualTo(method));
            Assert.That(client.GetTagItem("rpc.system.name"), Is.EqualTo("romp"));
            Assert.That(client.GetTagItem("network.transport"), Is.EqualTo("tcp"));
            Assert.That(client.GetTagItem("server.address"), Is.EqualTo("127.0.0.1"));
            Assert.That(server.TraceId, Is.EqualTo(root.TraceId));
            Assert.That(server.ParentSpanId, Is.EqualTo(client.SpanId));
            Assert.That(server.HasRemoteParent, Is.True, "its parent came over the wire");
            Assert.That(server.Parent, Is.Null);
            Assert.That(seen, Is.EqualTo((server.TraceId.ToHexString(), server.SpanId.ToHexString())), "the server span is current while the method runs");
            Assert.That(client.Status, Is.EqualTo(ActivityStatusCode.Unset));
            Assert.That(Activity.Current, Is.Null, "the caller's current span is its own again");
        });
    }

    [Test]
    public async Task NestedCall_ToAnotherServer_ContinuesTheTrace(CancellationToken cancellationToken)
    {
        await using var downstream = new RompServer(Transports.NewEndpoint(Transports.Tcp));
        downstream.Bind<ITraced>("traced", new Traced());
        await downstream.StartAsync();
        await using RompClient toDownstream = await RompClient.ConnectAsync(downstream.Endpoint);
        _traced.Downstream = await toDownstream.ResolveAsync<ITraced>("traced");

        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
            Assert.That(await _proxy.NestedAsync(2, 3), Is.EqualTo(5));

        const string nested = "Romp.Tests.Telemetry.ITraced/NestedAsync";
        Activity outerClient = await _capture.SpanAsync(nested, ActivityKind.Client, cancellationToken);
        Activity outerServer = await _capture.SpanAsync(nested, ActivityKind.Server, cancellationToken);
        Activity innerClient = await _capture.SpanAsync(s => s.DisplayName == Add && s.Kind == ActivityKind.Client && s.TraceId == root.TraceId, cancellationToken);
        Activity innerServer = await _capture.SpanAsync(s => s.DisplayName == Add && s.Kind == ActivityKind.Server && s.TraceId == root.TraceId, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(outerClient.ParentSpanId, Is.EqualTo(root.SpanId));
            Assert.That(outerServer.ParentSpanId, Is.EqualTo(outerClient.SpanId));
            Assert.That(innerClient.ParentSpanId, Is.EqualTo(outerServer.SpanId), "the nested call is a child of the call it is made in");
            Assert.That(innerServer.ParentSpanId, Is.EqualTo(innerClient.SpanId));
            Assert.That(new[] { outerServer, innerClient, innerServer }.Select(s => s.TraceId), Is.All.EqualTo(root.TraceId));
        });
    }

    [Test]
    public async Task Callback_ContinuesTheTraceBackIntoTheCaller(CancellationToken cancellationToken)
    {
        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
            Assert.That(await _proxy.CallBackAsync(new UpperCallback(), "hi"), Is.EqualTo("server(HI)"));

        const string callBack = "Romp.Tests.Telemetry.ITraced/CallBackAsync";
        const string transform = "Romp.Tests.Telemetry.ITracedCallback/TransformAsync";
        Activity outerClient = await _capture.SpanAsync(callBack, ActivityKind.Client, cancellationToken);
        Activity outerServer = await _capture.SpanAsync(callBack, ActivityKind.Server, cancellationToken);
        Activity backClient = await _capture.SpanAsync(transform, ActivityKind.Client, cancellationToken);
        Activity backServer = await _capture.SpanAsync(transform, ActivityKind.Server, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(outerServer.ParentSpanId, Is.EqualTo(outerClient.SpanId));
            Assert.That(backClient.ParentSpanId, Is.EqualTo(outerServer.SpanId), "the server calls back from inside the call");
            Assert.That(backServer.ParentSpanId, Is.EqualTo(backClient.SpanId), "and the caller serves the callback as its child");
            Assert.That(new[] { outerClient, outerServer, backClient, backServer }.Select(s => s.TraceId), Is.All.EqualTo(root.TraceId));
            Assert.That(backServer.GetTagItem("network.transport"), Is.EqualTo("tcp"));
        });
    }

    [Test]
    public async Task Stream_OneSpanEachSideCoversTheWholeStream(CancellationToken cancellationToken)
    {
        const string range = "Romp.Tests.Telemetry.ITraced/RangeAsync";
        var items = new List<int>();
        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
        {
            await foreach (int item in _proxy.RangeAsync(5))
            {
                Assert.That(Activity.Current, Is.SameAs(root), "the consumer's own work is not inside the stream's span");
                items.Add(item);
            }
        }

        Assert.That(items, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Activity client = await _capture.SpanAsync(range, ActivityKind.Client, cancellationToken);
        Activity server = await _capture.SpanAsync(range, ActivityKind.Server, cancellationToken);
        TelemetryCapture.Measurement duration = await _capture.DurationAsync(ClientDuration, range, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(client.ParentSpanId, Is.EqualTo(root.SpanId));
            Assert.That(server.ParentSpanId, Is.EqualTo(client.SpanId));
            Assert.That(_capture.Spans.Count(s => s.DisplayName == range), Is.EqualTo(2), "one span per side for the whole stream, not one per item");
            Assert.That(duration.HasTag("error.type"), Is.False);
        });
    }

    [Test]
    public async Task Stream_ConsumerStopsEarly_ClientSpanEndsWithoutError(CancellationToken cancellationToken)
    {
        const string range = "Romp.Tests.Telemetry.ITraced/RangeAsync";
        await foreach (int item in _proxy.RangeAsync(1000))
        {
            if (item == 2)
                break;
        }

        Activity client = await _capture.SpanAsync(range, ActivityKind.Client, cancellationToken);
        Assert.That(client.Status, Is.EqualTo(ActivityStatusCode.Unset));
    }

    [Test]
    public async Task Oneways_ClientSpansEndAtSendAndServerSpansAreTheirChildren(CancellationToken cancellationToken)
    {
        const string tick = "Romp.Tests.Telemetry.ITraced/Tick";
        const string tickSync = "Romp.Tests.Telemetry.ITraced/TickSyncAsync";
        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
        {
            _proxy.Tick(1);
            Assert.That(_capture.Spans.Any(s => s.DisplayName == tick && s.Kind == ActivityKind.Client), Is.True, "ended once the frame is queued");
            await _proxy.TickSyncAsync(2);
        }

        Activity tickClient = await _capture.SpanAsync(tick, ActivityKind.Client, cancellationToken);
        Activity tickServer = await _capture.SpanAsync(tick, ActivityKind.Server, cancellationToken);
        Activity syncClient = await _capture.SpanAsync(tickSync, ActivityKind.Client, cancellationToken);
        Activity syncServer = await _capture.SpanAsync(tickSync, ActivityKind.Server, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(tickServer.ParentSpanId, Is.EqualTo(tickClient.SpanId), "a ONEWAY carries the trace context too");
            Assert.That(syncServer.ParentSpanId, Is.EqualTo(syncClient.SpanId));
            Assert.That(tickClient.ParentSpanId, Is.EqualTo(root.SpanId));
        });
    }

    [Test]
    public async Task ServerMethodThrows_LoggedAsWarningWithTheMethod(CancellationToken cancellationToken)
    {
        Assert.ThrowsAsync<InvalidOperationException>(async () => await _proxy.FailAsync("logged"));

        CapturingLoggerFactory.LogEntry entry = await _logs.WaitForAsync(e => e.EventId.Id == 40, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entry.Message, Does.Contain("Romp.Tests.Telemetry.ITraced/FailAsync"));
            Assert.That(entry.Exception, Is.InstanceOf<InvalidOperationException>().With.Message.EqualTo("logged"));
        });
    }

    [Test]
    public async Task ServerRefusesWithRompException_LoggedAtDebugOnly(CancellationToken cancellationToken)
    {
        Assert.ThrowsAsync<RompException>(async () => await _proxy.RefuseAsync());

        CapturingLoggerFactory.LogEntry entry = await _logs.WaitForAsync(e => e.EventId.Id == 40, cancellationToken);
        Assert.That((entry.Level, entry.Message.Contains("ITraced/RefuseAsync", StringComparison.Ordinal)), Is.EqualTo((LogLevel.Debug, true)));
    }

    [Test]
    public async Task FailingOneway_LoggedWithTheMethodAndCountedAsAFailedServerCall(CancellationToken cancellationToken)
    {
        const string failOneway = "Romp.Tests.Telemetry.ITraced/FailOneway";

        _proxy.FailOneway("lost");
        await _client.SyncAsync(cancellationToken);

        CapturingLoggerFactory.LogEntry entry = await _logs.WaitForAsync(e => e.EventId.Id == 5, cancellationToken);
        TelemetryCapture.Measurement server = await _capture.DurationAsync(ServerDuration, failOneway, cancellationToken);
        TelemetryCapture.Measurement client = await _capture.DurationAsync(ClientDuration, failOneway, cancellationToken);
        TelemetryCapture.Measurement failed = await _capture.MeasurementAsync("romp.oneways.failed", m => Equals(m.Tag("rpc.method"), failOneway), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(entry.Level, Is.EqualTo(LogLevel.Warning));
            Assert.That(entry.Message, Does.Contain(failOneway));
            Assert.That(entry.Exception, Is.InstanceOf<InvalidOperationException>());
            Assert.That(server.Tag("error.type"), Is.EqualTo("System.InvalidOperationException"));
            Assert.That(client.HasTag("error.type"), Is.False, "the caller only queued it, which succeeded");
            Assert.That((failed.Value, failed.Unit, failed.Tag("error.type"), failed.Tag("network.transport")),
                Is.EqualTo((1.0, "{call}", "System.InvalidOperationException", "tcp")), "counted where only the server can see it");
        });
    }

    [Test]
    public async Task ByteStreamFrames_AreCountedUnderTheirNames(CancellationToken cancellationToken)
    {
        _server.Bind<Romp.Tests.Contracts.ITransfer>("transfer", new Romp.Tests.Contracts.Transfer());
        var transfer = await _client.ResolveAsync<Romp.Tests.Contracts.ITransfer>("transfer", cancellationToken);
        _capture.Clear();

        Assert.That(await transfer.CountAsync(new MemoryStream(new byte[100])), Is.EqualTo(100));

        TelemetryCapture.Measurement bytesSent = await _capture.MeasurementAsync("romp.frames.sent", m => Equals(m.Tag("romp.frame.type"), "bytes"), cancellationToken);
        TelemetryCapture.Measurement endSent = await _capture.MeasurementAsync("romp.frames.sent", m => Equals(m.Tag("romp.frame.type"), "bytes_end"), cancellationToken);
        TelemetryCapture.Measurement creditReceived = await _capture.MeasurementAsync("romp.frames.received", m => Equals(m.Tag("romp.frame.type"), "bytes_credit"), cancellationToken);
        TelemetryCapture.Measurement payload = await _capture.MeasurementAsync("romp.bytes.sent", m => Equals(m.Tag("romp.frame.type"), "bytes"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That((bytesSent.Value, endSent.Value, creditReceived.Value), Is.EqualTo((1.0, 1.0, 1.0)));
            Assert.That(payload.Value, Is.EqualTo(9.0 + 100), "the header and the bytes");
        });
    }

    [Test]
    public async Task Connections_FramesBytesAndReferences_AreCounted(CancellationToken cancellationToken)
    {
        _capture.Clear(); // the resolve's frames
        Assert.That(await _proxy.AddAsync(1, 1), Is.EqualTo(2));

        TelemetryCapture.Measurement requestSent = await _capture.MeasurementAsync("romp.frames.sent", m => Equals(m.Tag("romp.frame.type"), "request"), cancellationToken);
        TelemetryCapture.Measurement retvalReceived = await _capture.MeasurementAsync("romp.frames.received", m => Equals(m.Tag("romp.frame.type"), "retval"), cancellationToken);
        TelemetryCapture.Measurement bytes = await _capture.MeasurementAsync("romp.bytes.sent", m => Equals(m.Tag("romp.frame.type"), "request"), cancellationToken);
        _capture.Collect();
        TelemetryCapture.Measurement clients = await _capture.MeasurementAsync("romp.connections.active", m => Equals(m.Tag("romp.connection.role"), "client") && Equals(m.Tag("network.transport"), "tcp"), cancellationToken);
        TelemetryCapture.Measurement servers = await _capture.MeasurementAsync("romp.connections.active", m => Equals(m.Tag("romp.connection.role"), "server") && Equals(m.Tag("network.transport"), "tcp"), cancellationToken);
        TelemetryCapture.Measurement imported = await _capture.MeasurementAsync("romp.references.imported", m => Equals(m.Tag("network.transport"), "tcp"), cancellationToken);
        TelemetryCapture.Measurement exported = await _capture.MeasurementAsync("romp.references.exported", m => Equals(m.Tag("network.transport"), "tcp"), cancellationToken);
        TelemetryCapture.Measurement queued = await _capture.MeasurementAsync("romp.oneways.queued", m => Equals(m.Tag("network.transport"), "tcp"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That((requestSent.Value, requestSent.Unit, requestSent.Tag("network.transport")), Is.EqualTo((1.0, "{frame}", "tcp")));
            Assert.That(retvalReceived.Value, Is.EqualTo(1));
            // The frame header, object id, method id, a call header with the trace context (length, tag 2), two ints.
            Assert.That((bytes.Value, bytes.Unit), Is.EqualTo((9.0 + 4 + 2 + 2 + 2 + 26 + 8, "By")));
            Assert.That(clients.Value, Is.GreaterThanOrEqualTo(1));
            Assert.That(servers.Value, Is.GreaterThanOrEqualTo(1));
            Assert.That(imported.Value, Is.GreaterThanOrEqualTo(1), "the client holds a proxy for the resolved object");
            Assert.That(exported.Value, Is.GreaterThanOrEqualTo(1), "the server exports it");
            Assert.That(queued.Value, Is.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public async Task Connection_ClosedInOrder_DurationRecordedWithoutError(CancellationToken cancellationToken)
    {
        RompClient second = await RompClient.ConnectAsync(_server.Endpoint);
        await second.DisposeAsync();

        TelemetryCapture.Measurement closed = await _capture.MeasurementAsync("romp.connection.duration", m => Equals(m.Tag("romp.connection.role"), "client"), cancellationToken);
        string all = string.Join("; ", _capture.Measurements.Where(m => m.Instrument == "romp.connection.duration").Select(m => $"{m.Value} [{string.Join(", ", m.Tags)}]"));
        Assert.Multiple(() =>
        {
            Assert.That(closed.Unit, Is.EqualTo("s"));
            Assert.That(closed.Value, Is.GreaterThan(0), all);
            Assert.That(closed.Tag("network.transport"), Is.EqualTo("tcp"), all);
            Assert.That(closed.HasTag("error.type"), Is.False, all);
        });
    }
}
