using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Telemetry;

/// <summary>
/// W3C trace context in the call header (docs/protocol.md §4.1, tags 2 and 3), against hand-made peers on real sockets:
/// which peers get it and when, its exact bytes, and what a server makes of a valid, a later-version and a malformed one.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class TraceContextWireTests
{
    private static readonly ushort AddMethod = RawPeer.MethodId<ITraced>("AddAsync");

    private const byte Request = 1, RetVal = 5;
    private const byte CallHeadersFlag = 0x08;
    private const string TraceId = "4bf92f3577b34da6a3ce929d0e0e4736";
    private const string ParentId = "00f067aa0ba902b7";

    [Test]
    public async Task PeerWithoutCallHeaders_WhileTracing_GetsNoTraceContext(CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        using Socket listener = Listen(out string endpoint);
        Task<byte[]> olderServer = ServeOneAddAsync(listener, flags: 0, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        ITraced traced = await client.ResolveAsync<ITraced>("traced", cancellationToken);

        using (TelemetryCapture.TestSource.StartActivity("test"))
            Assert.That(await traced.AddAsync(2, 40), Is.EqualTo(42));

        Assert.That(await olderServer, Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes(AddMethod), 2, 0, 0, 0, 40, 0, 0, 0]), "no header: the method id as it is, then the arguments");
        Assert.That(capture.Spans.Any(s => s.Kind == ActivityKind.Client && s.DisplayName.EndsWith("/AddAsync", StringComparison.Ordinal)), Is.True, "the call is still traced on this side");
    }

    [Test]
    public async Task PeerWithCallHeaders_WhileTracing_GetsTheClientSpanAsTag2AndItsStateAsTag3(CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        using Socket listener = Listen(out string endpoint);
        Task<byte[]> server = ServeOneAddAsync(listener, CallHeadersFlag, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        ITraced traced = await client.ResolveAsync<ITraced>("traced", cancellationToken);

        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        root.TraceStateString = "rojo=00f067aa0ba902b7,congo=t61rcWkgMzE";
        using (root)
        using (RompDeadline.Within(TimeSpan.FromSeconds(10)))
            Assert.That(await traced.AddAsync(2, 40), Is.EqualTo(42));

        byte[] sent = await server;
        Activity span = capture.Spans.Single(s => s.Kind == ActivityKind.Client && s.DisplayName.EndsWith("/AddAsync", StringComparison.Ordinal));
        string state = root.TraceStateString!;
        Assert.Multiple(() =>
        {
            Assert.That(sent[..6], Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes((ushort)(AddMethod | 0x8000))]), "object 1, AddAsync with the top bit");
            Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(sent.AsSpan(6)), Is.EqualTo(6 + 28 + 2 + state.Length), "deadline, trace parent, trace state");
            Assert.That(sent[8..10], Is.EqualTo(new byte[] { 0x01, 0x04 }), "the deadline first");
            Assert.That(sent[14..17], Is.EqualTo(new byte[] { 0x02, 26, 0x00 }), "tag 2, 26 bytes, version 0");
            Assert.That(Convert.ToHexStringLower(sent.AsSpan(17, 16)), Is.EqualTo(root.TraceId.ToHexString()));
            Assert.That(Convert.ToHexStringLower(sent.AsSpan(33, 8)), Is.EqualTo(span.SpanId.ToHexString()), "the parent of the server's span is the client span");
            Assert.That(sent[41], Is.EqualTo(0x01), "sampled");
            Assert.That(sent[42..44], Is.EqualTo(new byte[] { 0x03, (byte)state.Length }));
            Assert.That(System.Text.Encoding.ASCII.GetString(sent, 44, state.Length), Is.EqualTo(state));
            Assert.That(sent[(44 + state.Length)..], Is.EqualTo(new byte[] { 2, 0, 0, 0, 40, 0, 0, 0 }));
        });
    }

    [Test]
    public async Task NoListener_AmbientSpan_NoTraceContextIsSent(CancellationToken cancellationToken)
    {
        // The test's own source is listened to, Romp's is not: an ambient span exists, and still nothing travels.
        using var capture = new TelemetryCapture(spans: false, metrics: false);
        using Socket listener = Listen(out string endpoint);
        Task<byte[]> server = ServeOneAddAsync(listener, CallHeadersFlag, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, cancellationToken: cancellationToken);
        ITraced traced = await client.ResolveAsync<ITraced>("traced", cancellationToken);

        Activity root = TelemetryCapture.TestSource.StartActivity("test")!;
        using (root)
        {
            Assert.That(await traced.AddAsync(2, 40), Is.EqualTo(42));
            Assert.That(Activity.Current, Is.SameAs(root));
        }

        Assert.That(await server, Is.EqualTo((byte[])[1, 0, 0, 0, .. BitConverter.GetBytes(AddMethod), 2, 0, 0, 0, 40, 0, 0, 0]));
        Assert.That(capture.Spans, Is.Empty);
        Assert.That(capture.Measurements, Is.Empty);
    }

    [Test]
    public async Task RawCaller_ValidTraceContextAndState_ServerSpanIsItsRemoteChild(CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        await using RompServer server = await StartServerAsync();
        await using RawPeer peer = await ConnectAsync(server, cancellationToken);
        uint traced = await peer.ResolveAsync("traced", RompContracts.Find<ITraced>()!.ContractName, cancellationToken);

        byte[] header = [.. TraceEntry(version: 0, TraceId, ParentId, flags: 1), .. StateEntry("vendor=opaque")];
        Assert.That(await AddAsync(peer, traced, header, cancellationToken), Is.EqualTo(42));

        Activity span = await capture.SpanAsync(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == TraceId, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(span.ParentSpanId.ToHexString(), Is.EqualTo(ParentId));
            Assert.That(span.HasRemoteParent, Is.True);
            Assert.That(span.TraceStateString, Is.EqualTo("vendor=opaque"));
            Assert.That(span.ActivityTraceFlags, Is.EqualTo(ActivityTraceFlags.Recorded));
        });
    }

    [Test]
    public async Task RawCaller_LaterVersionWithMoreBytes_ItsKnownFieldsAreRead(CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        await using RompServer server = await StartServerAsync();
        await using RawPeer peer = await ConnectAsync(server, cancellationToken);
        uint traced = await peer.ResolveAsync("traced", RompContracts.Find<ITraced>()!.ContractName, cancellationToken);

        byte[] entry = TraceEntry(version: 1, TraceId, ParentId, flags: 1, extra: [0xAA, 0xBB, 0xCC]);
        Assert.That(await AddAsync(peer, traced, entry, cancellationToken), Is.EqualTo(42));

        Activity span = await capture.SpanAsync(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == TraceId, cancellationToken);
        Assert.That(span.ParentSpanId.ToHexString(), Is.EqualTo(ParentId));
    }

    private static readonly object[] s_malformed =
    [
        new object[] { "shorter than 26 bytes", Shortened(TraceEntry(0, TraceId, ParentId, 1)) },
        new object[] { "version 0 longer than 26 bytes", TraceEntry(0, TraceId, ParentId, 1, extra: [0x00]) },
        new object[] { "version 0xFF", TraceEntry(0xFF, TraceId, ParentId, 1) },
        new object[] { "an all-zero trace id", TraceEntry(0, new string('0', 32), ParentId, 1) },
        new object[] { "an all-zero span id", TraceEntry(0, TraceId, new string('0', 16), 1) },
    ];

    [TestCaseSource(nameof(s_malformed))]
    public async Task RawCaller_MalformedTraceContext_CallIsServedAsTheStartOfANewTrace(string what, byte[] entry, CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        await using RompServer server = await StartServerAsync();
        await using RawPeer peer = await ConnectAsync(server, cancellationToken);
        uint traced = await peer.ResolveAsync("traced", RompContracts.Find<ITraced>()!.ContractName, cancellationToken);

        Assert.That(await AddAsync(peer, traced, entry, cancellationToken), Is.EqualTo(42), what);

        Activity span = await capture.SpanAsync(s => s.Kind == ActivityKind.Server && s.DisplayName.EndsWith("/AddAsync", StringComparison.Ordinal), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(span.ParentSpanId, Is.EqualTo(default(ActivitySpanId)), what);
            Assert.That(span.HasRemoteParent, Is.False, what);
            Assert.That(span.TraceId.ToHexString(), Is.Not.EqualTo(TraceId), what);
        });
        Assert.That(await AddAsync(peer, traced, [], cancellationToken), Is.EqualTo(42), "the connection goes on");
    }

    [Test]
    public async Task RawCaller_TraceStateNotPrintableAscii_IsDroppedAndTheParentKept(CancellationToken cancellationToken)
    {
        using var capture = new TelemetryCapture();
        await using RompServer server = await StartServerAsync();
        await using RawPeer peer = await ConnectAsync(server, cancellationToken);
        uint traced = await peer.ResolveAsync("traced", RompContracts.Find<ITraced>()!.ContractName, cancellationToken);

        byte[] header = [.. TraceEntry(0, TraceId, ParentId, 1), 0x03, 0x03, 0x61, 0x3D, 0xC3];
        Assert.That(await AddAsync(peer, traced, header, cancellationToken), Is.EqualTo(42));

        Activity span = await capture.SpanAsync(s => s.Kind == ActivityKind.Server && s.TraceId.ToHexString() == TraceId, cancellationToken);
        Assert.That((span.ParentSpanId.ToHexString(), span.TraceStateString), Is.EqualTo((ParentId, (string?)null)));
    }

    // The same entry without its last byte, its size saying so: 25 bytes of value.
    private static byte[] Shortened(byte[] entry) => [entry[0], (byte)(entry[1] - 1), .. entry[2..^1]];

    private static byte[] TraceEntry(byte version, string traceId, string spanId, byte flags, byte[]? extra = null)
    {
        byte[] value = [version, .. Convert.FromHexString(traceId), .. Convert.FromHexString(spanId), flags, .. extra ?? []];
        return [0x02, (byte)value.Length, .. value];
    }

    private static byte[] StateEntry(string state) => [0x03, (byte)state.Length, .. System.Text.Encoding.ASCII.GetBytes(state)];

    private static async Task<RompServer> StartServerAsync()
    {
        var server = new RompServer(Transports.NewEndpoint(Transports.Tcp));
        server.Bind<ITraced>("traced", new Traced());
        await server.StartAsync();
        return server;
    }

    private static async Task<RawPeer> ConnectAsync(RompServer server, CancellationToken cancellationToken)
    {
        RawPeer peer = await RawPeer.ConnectAsync(server.Endpoint, cancellationToken);
        await peer.SendAsync(Hello(CallHeadersFlag), cancellationToken);
        await peer.ReadExactlyAsync(12, cancellationToken);
        return peer;
    }

    // AddAsync(2, 40), with these header entries (none: no header), as call 2; returns the answer.
    private static async Task<int> AddAsync(RawPeer peer, uint objectId, byte[] entries, CancellationToken cancellationToken)
    {
        byte[] payload = entries.Length == 0
            ? [.. BitConverter.GetBytes(objectId), .. BitConverter.GetBytes(AddMethod), 2, 0, 0, 0, 40, 0, 0, 0]
            : [.. BitConverter.GetBytes(objectId), .. BitConverter.GetBytes((ushort)(AddMethod | 0x8000)), .. BitConverter.GetBytes((ushort)entries.Length), .. entries, 2, 0, 0, 0, 40, 0, 0, 0];
        await peer.SendAsync(RawPeer.Frame(Request, 2, payload), cancellationToken);
        (byte type, uint callId, byte[] answer) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That((type, callId), Is.EqualTo((RetVal, 2u)));
        return BinaryPrimitives.ReadInt32LittleEndian(answer);
    }

    // A server that speaks with these flags, answers the client's resolve with object 1 and one call with 42, and
    // returns that call's payload.
    private static Task<byte[]> ServeOneAddAsync(Socket listener, byte flags, CancellationToken cancellationToken) => Task.Run(async () =>
    {
        await using RawPeer server = RawPeer.Wrap(await listener.AcceptAsync(cancellationToken));
        await server.SendAsync(Hello(flags), cancellationToken);
        await server.ReadExactlyAsync(12, cancellationToken);
        (_, uint resolveId, _) = await server.ReadFrameAsync(cancellationToken);
        await server.SendAsync(RawPeer.Frame(RetVal, resolveId, [1, 0, 0, 0, 0, 0]), cancellationToken); // object 1, no methods lacking
        (_, uint callId, byte[] payload) = await server.ReadFrameAsync(cancellationToken);
        await server.SendAsync(RawPeer.Frame(RetVal, callId, BitConverter.GetBytes(42)), cancellationToken);
        return payload;
    }, cancellationToken);

    private static byte[] Hello(byte flags)
    {
        byte[] hello = RawPeer.Hello();
        hello[6] = flags;
        return hello;
    }

    private static Socket Listen(out string endpoint)
    {
        var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        endpoint = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndPoint!).Port}";
        return listener;
    }
}
