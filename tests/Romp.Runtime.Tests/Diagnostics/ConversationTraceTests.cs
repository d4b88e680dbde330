using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Romp.CompilerServices;
using Romp.Connections;
using Romp.Diagnostics;
using Romp.Internal;
using Romp.Protocol;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Diagnostics;

/// <summary>
/// <see cref="RompConnectionOptions.ConversationTrace"/> and ROMP_DEBUG: one readable line per frame on each side, whose
/// type, call id and sizes are those the wire carries (a <see cref="FaultProxy"/> between the two sides counts them), and
/// whose names are the objects' and methods'.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ConversationTraceTests
{
    private const string Calculator = "Romp.Tests.Contracts.ICalculator";

    [Test]
    public async Task Trace_CallOnewayStreamCallbackReleaseGoodbye_EachSidePrintsWhatTheWireCarries(CancellationToken cancellationToken)
    {
        var serverLines = new ConcurrentQueue<string>();
        var clientLines = new ConcurrentQueue<string>();
        var clientToServer = new ConcurrentQueue<ProxyFrame>();
        var serverToClient = new ConcurrentQueue<ProxyFrame>();
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = serverLines.Enqueue });
        server.Bind<ICalculator>("calc", new Calculator());
        server.Bind<IBlocks>("blocks", new Blocks());
        await server.StartAsync(cancellationToken);
        await using var proxy = new FaultProxy(server.Endpoint, link =>
        {
            link.ClientToServer.DropFrames(frame => Record(clientToServer, frame));
            link.ServerToClient.DropFrames(frame => Record(serverToClient, frame));
        });
        RompClient client = await RompClient.ConnectAsync(proxy.Endpoint, new RompClientOptions { ConversationTrace = clientLines.Enqueue }, cancellationToken);
        ProxiedConnection link = await proxy.NextConnectionAsync(cancellationToken);
        RompConnection serverSide = server.Connections.Single(c => link.TargetSideEndPoint.Equals(c.RemoteEndPoint));

        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(await calc.AddAsync(2, 40, cancellationToken), Is.EqualTo(42));
        calc.Tick(7);
        await client.SyncAsync(cancellationToken);
        await calc.TickSyncAsync(8);
        Assert.ThrowsAsync<InvalidOperationException>(() => calc.FailAsync("boom"));
        var items = new List<int>();
        await foreach (int item in calc.RangeAsync(10, 3, cancellationToken))
            items.Add(item);
        IBlocks blocks = await client.ResolveAsync<IBlocks>("blocks", cancellationToken);
        var called = new List<int>();
        await blocks.ForEachAsync(2, i =>
        {
            called.Add(i);
            return default;
        });
        RompProxy.Release(calc);
        await client.SyncAsync(cancellationToken); // ordered after the release: the RELEASE is on the wire before it
        await client.DisposeAsync();
        await serverSide.Completion.WaitAsync(cancellationToken);
        await link.Completion.WaitAsync(cancellationToken);

        Assert.That(items, Is.EqualTo(new[] { 10, 11, 12 }));
        Assert.That(called, Is.EqualTo(new[] { 0, 1 }));
        List<TraceLine> clientSide = Parse(clientLines, who: null);
        string clientWho = clientSide[0].Who;
        List<TraceLine> serverSideLines = Parse(serverLines, who: "server#" + serverSide.Id);
        Assert.Multiple(() =>
        {
            Assert.That(clientWho, Does.Match(@"^client#\d+$"));
            Assert.That(clientSide.Select(l => l.Who).Distinct(), Is.EqualTo(new[] { clientWho }), "one connection's lines");
            Assert.That(clientSide.Concat(serverSideLines).Select(l => l.ProcessId).Distinct(), Is.EqualTo(new[] { Environment.ProcessId }));
            Assert.That(clientSide.Concat(serverSideLines).Where(l => !l.IsHello).All(l => l.Frame == l.Payload + FrameHeader.Size), Is.True, "frame = header + payload");

            // Every frame, in wire order, with the type, call id and payload size the proxy saw pass.
            Assert.That(Sent(clientSide).Select(l => l.Wire), Is.EqualTo(clientToServer), "what the client traced as sent is what went to the server");
            Assert.That(Received(serverSideLines).Select(l => l.Wire), Is.EqualTo(clientToServer), "and what the server traced as received");
            AssertPrefix(serverToClient.ToList(), Sent(serverSideLines).Select(l => l.Wire).ToList(), "the wire carried what the server traced as sent, up to the close");
            AssertPrefix(Received(clientSide).Select(l => l.Wire).ToList(), serverToClient.ToList(), "the client traced what the wire carried, up to its close");

            // Both sides name each frame alike: the sender from its proxies, the receiver from its exports.
            Assert.That(Sent(clientSide).Select(l => l.Text), Is.EqualTo(Received(serverSideLines).Select(l => l.Text)));
            AssertPrefix(Received(clientSide).Select(l => l.Text).ToList(), Sent(serverSideLines).Select(l => l.Text).ToList(), "the server's sent frames named as the client names them");
        });

        // The conversation as the client saw it, without keepalive and the server's RELEASE batches (their timing is its own).
        List<TraceLine> conversation = MergeYields(clientSide.Where(l => l.Type is not ("PING" or "PONG") && !(l.Type == "RELEASE" && !l.Sent)).ToList());
        (string Direction, string Type, string Text)[] expected =
        [
            ("->", "HELLO", @"v1 flags keepalive,call-headers,drain, max frame 16777216 B, peer 127\.0\.0\.1:\d+"),
            ("<-", "HELLO", "v1 flags keepalive,call-headers,drain, max frame 16777216 B"),
            ("->", "REQUEST", $@"resolver resolve\(""calc""\)  contract ""{Calculator}"""),
            ("<-", "RETVAL", @"resolver resolve\(""calc""\) -> #1"),
            ("->", "REQUEST", $@"calc\(#1\) {Calculator}/AddAsync  args 8 B: \[2,40]"),
            ("<-", "RETVAL", $@"calc\(#1\) {Calculator}/AddAsync  result 4 B: 42"),
            ("->", "ONEWAY", $@"calc\(#1\) {Calculator}/Tick  args 4 B: \[7]"),
            ("->", "SYNC", "barrier"),
            ("<-", "NULL_MSG", "SYNC"),
            ("->", "ONEWAY_SYNC", $@"calc\(#1\) {Calculator}/TickSyncAsync  args 4 B: \[8]"),
            ("<-", "NULL_MSG", $@"calc\(#1\) {Calculator}/TickSyncAsync"),
            ("->", "REQUEST", $@"calc\(#1\) {Calculator}/FailAsync  args 8 B: \[""boom""]"),
            ("<-", "EXCEPTION", $@"calc\(#1\) {Calculator}/FailAsync  Remote System\.InvalidOperationException ""boom"" \(no stack trace\) standard"),
            ("->", "REQUEST_BLOCK", $@"calc\(#1\) {Calculator}/RangeAsync  credit 64  args 8 B: \[10,3]"),
            ("<-", "YIELD", $@"calc\(#1\) {Calculator}/RangeAsync  3 items"),
            ("<-", "RETVAL", $@"calc\(#1\) {Calculator}/RangeAsync  result none"),
            ("->", "REQUEST", @"resolver resolve\(""blocks""\)  contract ""Romp\.Tests\.Contracts\.IBlocks"""),
            ("<-", "RETVAL", @"resolver resolve\(""blocks""\) -> #2"),
            ("->", "REQUEST", @"blocks\(#2\) Romp\.Tests\.Contracts\.IBlocks/ForEachAsync  args 17 B: \[.*"),
            ("<-", "REQUEST", @"#1 block System\.Func<int, System\.Threading\.Tasks\.ValueTask>/Invoke  args 4 B: 00 00 00 00 \|\.\.\.\.\|"),
            ("->", "RETVAL", @"#1 block System\.Func<int, System\.Threading\.Tasks\.ValueTask>/Invoke  result none"),
            ("<-", "REQUEST", @"#1 block System\.Func<int, System\.Threading\.Tasks\.ValueTask>/Invoke  args 4 B: 01 00 00 00 \|\.\.\.\.\|"),
            ("->", "RETVAL", @"#1 block System\.Func<int, System\.Threading\.Tasks\.ValueTask>/Invoke  result none"),
            ("<-", "RETVAL", @"blocks\(#2\) Romp\.Tests\.Contracts\.IBlocks/ForEachAsync  result none"),
            ("->", "RELEASE", @"1 object: calc\(#1\) x1"),
            ("->", "SYNC", "barrier"),
            ("<-", "NULL_MSG", "SYNC"),
            ("->", "GOODBYE", @"orderly ""The client closed the connection\."""),
        ];
        Assert.That(conversation.Select(l => $"{(l.Sent ? "->" : "<-")} {l.Type}"), Is.EqualTo(expected.Select(e => $"{e.Direction} {e.Type}")),
            string.Join(Environment.NewLine, clientLines));
        for (int i = 0; i < expected.Length; i++)
            Assert.That(conversation[i].Text, Does.Match("^" + expected[i].Text + "$"), $"line {i}: {conversation[i]}");

        // An answer names its call, and carries the call's id.
        for (int i = 0; i < conversation.Count; i++)
        {
            TraceLine answer = conversation[i];
            if (answer.Type is not ("RETVAL" or "EXCEPTION" or "NULL_MSG" or "YIELD"))
                continue;
            TraceLine? call = conversation.Take(i).LastOrDefault(l => l.Sent != answer.Sent && l.CallId == answer.CallId && l.Type is "REQUEST" or "REQUEST_BLOCK" or "ONEWAY_SYNC" or "SYNC");
            Assert.That(call, Is.Not.Null, $"no call for {answer}");
            Assert.That(answer.Text, Does.StartWith(call!.Type == "SYNC" ? "SYNC" : call.Text.Split("  ")[0]), answer.ToString());
        }

        // The server names the block it calls by the contract its proxy was made with.
        Assert.That(Sent(serverSideLines).Where(l => l.Type == "REQUEST").Select(l => l.Text),
            Has.All.Match(@"^#1 block System\.Func<int, System\.Threading\.Tasks\.ValueTask>/Invoke  args 4 B: "));
        Assert.That(Received(serverSideLines).Single(l => l.Type == "RELEASE").Text, Is.EqualTo("1 object: calc(#1) x1"));
    }

    [Test]
    public async Task Trace_StreamGrantedAndLeftEarly_CreditAndCancelNameTheStream(CancellationToken cancellationToken)
    {
        var lines = new ConcurrentQueue<string>();
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = lines.Enqueue });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { ConversationTrace = lines.Enqueue }, cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);

        int taken = 0;
        await foreach (int _ in calc.RangeAsync(0, 1000, cancellationToken))
        {
            if (++taken == 40)
                break; // past half the window of 64: one CREDIT of 32 went out; leaving sends CANCEL
        }

        // The server reads in order: once it has answered this SYNC, it has read (and traced) the CANCEL before it.
        await client.SyncAsync(cancellationToken);

        List<TraceLine> parsed = Parse(lines, who: null);
        TraceLine stream = parsed.Single(l => l.Sent && l.Type == "REQUEST_BLOCK");
        string name = $"calc(#1) {Calculator}/RangeAsync";
        Assert.Multiple(() =>
        {
            Assert.That(stream.Text, Does.StartWith(name + "  credit 64  args 8 B: "));
            // A YIELD of one item shows it decoded; several back to back show as bytes.
            string[] yields = parsed.Where(static l => !l.Sent && l.Type == "YIELD").Select(static l => l.Text).ToArray();
            Assert.That(yields, Is.Not.Empty);
            Assert.That(yields, Has.All.Match(@"  (1 item, 4 B: \d+|\d+ items, \d+ B: [0-9A-F]{2} .*)$"));
            foreach (bool sent in new[] { true, false })
            {
                string side = sent ? stream.Who : "server#";
                List<TraceLine> control = parsed.Where(l => l.Sent == sent && l.Who.StartsWith(side, StringComparison.Ordinal) && l.Type is "CREDIT" or "CANCEL").ToList();
                Assert.That(control.Select(l => (l.Type, l.CallId, l.Text, l.Payload)), Is.EqualTo(new[]
                {
                    ("CREDIT", stream.CallId, name + "  +32 items", 4),
                    ("CANCEL", stream.CallId, name, 0),
                }), sent ? "the client's" : "the server's");
            }
        });
    }

    [Test]
    public async Task Trace_ByteStreamsAndProgress_FramesNameTheirStreamAndCalls(CancellationToken cancellationToken)
    {
        var lines = new ConcurrentQueue<string>();
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<ITransfer>("transfer", new Transfer());
        server.Bind<IJobs>("jobs", new Jobs());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { ConversationTrace = lines.Enqueue }, cancellationToken);
        ITransfer transfer = await client.ResolveAsync<ITransfer>("transfer", cancellationToken);
        IJobs jobs = await client.ResolveAsync<IJobs>("jobs", cancellationToken);

        Assert.That(await transfer.CountAsync(new MemoryStream(new byte[40_000])), Is.EqualTo(40_000));
        await using (Stream failing = await transfer.ProduceFailingAsync(10))
            Assert.CatchAsync<RemoteException>(async () => await failing.CopyToAsync(Stream.Null, cancellationToken));
        Stream endless = transfer.ProduceEndless();
        await endless.ReadExactlyAsync(new byte[10], cancellationToken);
        await endless.DisposeAsync();
        await jobs.RunAsync(2, new Progress<int>());
        await client.SyncAsync(cancellationToken);

        string[] texts = Parse(lines, who: null).Where(static l => l.Type is not ("PING" or "PONG" or "RELEASE" or "HELLO") && !l.Text.StartsWith("resolver", StringComparison.Ordinal))
            .Select(static l => $"{(l.Sent ? "->" : "<-")} {l.Type} {l.Text}").ToArray();
        string transferName = "transfer(#1) Romp.Tests.Contracts.ITransfer";
        string[] expected =
        [
            $@"-> REQUEST {Regex.Escape(transferName)}/CountAsync  args 4 B: \[{{""\$stream"":1}}]",
            @"<- BYTES_CREDIT stream 1 +\+1048576 bytes",
            @"-> BYTES stream 1 +32759 bytes",
            @"-> BYTES stream 1 +7241 bytes",
            @"-> BYTES_END stream 1 +end",
            $@"<- RETVAL {Regex.Escape(transferName)}/CountAsync  result 8 B: 40000",
            $@"-> REQUEST {Regex.Escape(transferName)}/ProduceFailingAsync  args 8 B: \[10]",
            $@"<- RETVAL {Regex.Escape(transferName)}/ProduceFailingAsync  result 4 B: {{""\$stream"":1}}",
            @"-> BYTES_CREDIT stream 1 +\+1048576 bytes",
            @"<- BYTES stream 1 +10 bytes",
            @"<- BYTES_END stream 1 +Remote System\.IO\.IOException ""The generated stream failed on purpose\."".*",
            $@"-> REQUEST {Regex.Escape(transferName)}/ProduceEndless  args none",
            $@"<- RETVAL {Regex.Escape(transferName)}/ProduceEndless  result 4 B: {{""\$stream"":2}}",
            @"-> BYTES_CREDIT stream 2 +\+1048576 bytes",
        ];
        // The endless stream's pieces, and what follows them, race its BYTES_STOP: only its start is fixed.
        for (int i = 0; i < expected.Length; i++)
            Assert.That(texts[i], Does.Match("^" + expected[i] + "$"), string.Join(Environment.NewLine, texts));
        Assert.That(texts, Has.One.Match(@"^-> BYTES_STOP stream 2 +stop$"));
        Assert.That(texts, Has.One.Match(@"^-> REQUEST jobs\(#2\) Romp\.Tests\.Contracts\.IJobs/RunAsync  args 17 B: \[2,\{""\$ref"":""Action<int>"",""objectId"":1}]$"));
        Assert.That(texts.Count(static t => t.StartsWith("<- REQUEST #1 progress System.IProgress<int>/Report  args 4 B: ", StringComparison.Ordinal)), Is.EqualTo(2),
            string.Join(Environment.NewLine, texts));
    }

    [Test]
    public async Task Trace_KeepAliveAndServerStop_PingPongDrainAndGoodbyeShowTheirFields(CancellationToken cancellationToken)
    {
        var serverLines = new ConcurrentQueue<string>();
        var clientLines = new ConcurrentQueue<string>();
        var ponged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = serverLines.Enqueue });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        var options = new RompClientOptions
        {
            KeepAliveInterval = TimeSpan.FromMilliseconds(50), // an idle client pings after 50 ms
            ConversationTrace = line =>
            {
                clientLines.Enqueue(line);
                if (line.Contains(" <- PONG ", StringComparison.Ordinal))
                    ponged.TrySetResult();
            },
        };
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, options, cancellationToken);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        await ponged.Task.WaitAsync(cancellationToken);

        await server.StopAsync(cancellationToken);
        await client.Completion.WaitAsync(cancellationToken);

        List<TraceLine> parsed = Parse(clientLines, who: null);
        TraceLine ping = parsed.First(l => l.Sent && l.Type == "PING");
        Assert.Multiple(() =>
        {
            Assert.That(parsed.Single(l => !l.Sent && l.Type == "PONG" && l.CallId == ping.CallId).Text, Is.Empty);
            Assert.That((ping.Text, ping.Payload, ping.Frame), Is.EqualTo(("", 0, 9)));
            Assert.That(parsed.Single(l => !l.Sent && l.Type == "DRAIN").Text, Does.Match(@"^ListenerKilled "".+""$"));
            Assert.That(parsed.Single(l => !l.Sent && l.Type == "GOODBYE").Text, Is.EqualTo(@"ListenerKilled ""The server stopped."""));
            Assert.That(Parse(serverLines, who: null).Where(l => l.Sent && l.Type is "DRAIN" or "GOODBYE").Select(l => l.Type), Is.EqualTo(new[] { "DRAIN", "GOODBYE" }));
        });
        GC.KeepAlive(calc);
    }

    [Test]
    public async Task Trace_UnknownObjectAndMethodIds_ArePrintedWithTheirNumbers(CancellationToken cancellationToken)
    {
        var serverLines = new ConcurrentQueue<string>();
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = serverLines.Enqueue });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);
        uint calc = await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);

        await peer.SendAsync(RawPeer.Frame((byte)FrameType.Request, 101, RawPeer.Call(77, 3, [])), cancellationToken);
        (byte type, uint callId, _) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That(((FrameType)type, callId), Is.EqualTo((FrameType.Exception, 101u)), "an unknown object is answered");
        Assert.That(RompContracts.Find<ICalculator>()!.GetMethodName(99), Is.Null);
        await peer.SendAsync(RawPeer.Frame((byte)FrameType.Request, 102, RawPeer.Call(calc, 99, [1, 2, 3])), cancellationToken);
        // An unknown method is answered too; its line was written before the answer left.
        (type, callId, _) = await peer.ReadFrameAsync(cancellationToken);
        Assert.That(((FrameType)type, callId), Is.EqualTo((FrameType.Exception, 102u)), "an unknown method is answered");

        List<TraceLine> lines = Parse(serverLines, who: null);
        Assert.Multiple(() =>
        {
            Assert.That(lines.Single(l => !l.Sent && l.CallId == 101).Text, Is.EqualTo("#77 (not exported) method 3  args none"));
            Assert.That(lines.Single(l => l.Sent && l.CallId == 101).Text, Does.StartWith(@"#77 (not exported) method 3  UnknownObject Romp.RompException ""No object with id 77"));
            Assert.That(lines.Single(l => !l.Sent && l.CallId == 102).Text, Is.EqualTo($"calc(#{calc}) {Calculator}/#99  args 3 B: 01 02 03 |...|"));
            Assert.That(lines.Single(l => l.Sent && l.CallId == 102).Text, Does.StartWith($"calc(#{calc}) {Calculator}/#99  UnknownMethod Romp.RompException \"'{Calculator}' ({Calculator}) has no method with id 99."));
        });
    }

    [Test]
    public async Task Trace_Credentials_AreNeverPrinted(CancellationToken cancellationToken)
    {
        const string Token = "s3cret-t0ken";
        var lines = new ConcurrentQueue<string>();
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions
        {
            ConversationTrace = lines.Enqueue,
            Authenticate = context => ValueTask.FromResult(context.Credentials?.Value == Token ? new ClaimsPrincipal(new ClaimsIdentity("Bearer")) : null),
        });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        await using (RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { ConversationTrace = lines.Enqueue, Credentials = RompCredentials.Bearer(Token) }, cancellationToken))
        {
            ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
            Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        }

        List<TraceLine> parsed = Parse(lines, who: null);
        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.None.Contains(Token));
            Assert.That(parsed.Where(l => l.Text == "resolver authenticate(Bearer, credentials not shown)").Select(l => (l.Who[..6], l.Sent)),
                Is.EquivalentTo(new[] { ("client", true), ("server", false) }));
            Assert.That(parsed.Where(l => l.Text == "resolver authenticate(Bearer, credentials not shown) accepted").Select(l => (l.Who[..6], l.Sent)),
                Is.EquivalentTo(new[] { ("server", true), ("client", false) }));
        });
    }

    [Test]
    public async Task Trace_SinkThrows_TheConversationGoesOn(CancellationToken cancellationToken)
    {
        int attempts = 0;
        Action<string> failing = _ =>
        {
            Interlocked.Increment(ref attempts);
            throw new InvalidOperationException("the sink is broken");
        };
        await using var server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { ConversationTrace = failing });
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { ConversationTrace = failing }, cancellationToken);

        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        Assert.That(await calc.AddAsync(2, 3, cancellationToken), Is.EqualTo(5));
        calc.Tick(1);
        await client.SyncAsync(cancellationToken);
        int count = 0;
        await foreach (int _ in calc.RangeAsync(0, 100, cancellationToken))
            count++;
        InvalidOperationException failure = Assert.ThrowsAsync<InvalidOperationException>(() => calc.FailAsync("boom"))!;

        Assert.Multiple(() =>
        {
            Assert.That(count, Is.EqualTo(100));
            Assert.That(failure.Message, Is.EqualTo("boom"));
            Assert.That(Volatile.Read(ref attempts), Is.GreaterThan(20), "every frame was offered to the sink");
        });
    }

    [Test]
    public async Task Trace_Off_ConnectionHasNoTrace()
    {
        Assume.That(ConversationTrace.EnvironmentSink, Is.Null, "ROMP_DEBUG is set for this test run");
        (IDuplexPipe left, IDuplexPipe right) = DuplexPipes.CreatePair();
        await using RompConnection traced = RompConnection.Create(left, new RompConnectionOptions { ConversationTrace = static _ => { } });
        await using RompConnection plain = RompConnection.Create(right);

        Assert.That(traced.Trace, Is.Not.Null);
        Assert.That(plain.Trace, Is.Null, "off by default: nothing is traced, and nothing but a null check per frame is paid");
    }

    [TestCase("1", true)]
    [TestCase("true", true)]
    [TestCase(" TRUE ", true)]
    [TestCase("0", false)]
    [TestCase("false", false)]
    [TestCase("yes", false)]
    [TestCase("", false)]
    [TestCase(null, false)]
    public void IsOn_RompDebugValue_TurnsTracingOnFor1OrTrue(string? value, bool on) =>
        Assert.That(ConversationTrace.IsOn(value), Is.EqualTo(on));

    [Test]
    public void Write_TraceOff_AllocatesNothingPerFrame()
    {
        var lines = new List<string>();
        Assert.That(AllocatedByWrites(trace: null), Is.Zero, "a frame written with tracing off");
        long traced = AllocatedByWrites(trace: lines.Add);
        Assert.That(traced, Is.GreaterThan(0), "the measurement sees what a traced frame costs");
        Assert.That(lines, Has.Count.GreaterThanOrEqualTo(1000));
    }

    // A thousand REQUEST frames written through the connection's output (not started: no hello, nobody reads), each
    // batch flushed into the pipe and read out again, so that the pipe reuses its segments. Only the writes are measured,
    // after a warm-up: the trace's hook is theirs (what the pipe's flush costs is the pipe's).
    private static long AllocatedByWrites(Action<string>? trace)
    {
        // The pool Romp's own pipes use: the shared pool allocates an owner per rent.
        var pipe = new Pipe(new PipeOptions(pool: BlockMemoryPool.Instance, pauseWriterThreshold: 0, minimumSegmentSize: BlockMemoryPool.BlockSize, useSynchronizationContext: false));
        RompConnection connection = RompConnection.Create(new DuplexPipes.DuplexPipe(new Pipe().Reader, pipe.Writer), new RompConnectionOptions { ConversationTrace = trace });
        FrameOutput output = connection.Channel.Output;
        long allocated = 0;
        for (int batch = 0; batch < 20; batch++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
                output.Write(FrameType.Request, (uint)(i + 1), new CallBody<CreditBody>(1, 1, new CreditBody(42)));
            if (batch >= 10)
                allocated += GC.GetAllocatedBytesForCurrentThread() - before;
            output.Flush();
            Assert.That(pipe.Reader.TryRead(out ReadResult read), Is.True);
            pipe.Reader.AdvanceTo(read.Buffer.End);
        }

        return allocated;
    }

    [Test]
    public async Task RompDebug_ChildProcess_TracesToStandardErrorAndKeepsStandardOutputForTheProtocol(CancellationToken cancellationToken)
    {
        var parentLines = new ConcurrentQueue<string>();
        (int exitCode, string stderr, int childId) = await RunStdioPeerAsync(romp_debug: "1", parentLines, cancellationToken);

        List<TraceLine> child = Parse(new ConcurrentQueue<string>(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)), who: null);
        List<TraceLine> parent = Parse(parentLines, who: null);
        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.EqualTo(0), stderr);
            Assert.That(child.Select(l => (l.ProcessId, l.Who)).Distinct(), Is.EqualTo(new[] { (childId, "peer#1") }), "the child's one connection, in the child");
            Assert.That(parent.Select(l => l.ProcessId).Distinct(), Is.EqualTo(new[] { Environment.ProcessId }));
            Assert.That(Received(child).Select(l => (l.Wire, l.Text)), Is.EqualTo(Sent(parent).Select(l => (l.Wire, l.Text))), "the child read what the parent sent, named alike");
            AssertPrefix(Received(parent).Select(l => (l.Wire, l.Text)).ToList(), Sent(child).Select(l => (l.Wire, l.Text)).ToList(), "the parent read what the child sent, up to its close");
            Assert.That(Received(child).Select(l => l.Text), Has.Some.EqualTo(@"stdio(#1) Romp.StdioPeer.IStdioService/EchoAsync  args 9 B: [""hello""]"));
            Assert.That(Sent(child).Select(l => l.Text), Has.Some.EqualTo(@"stdio(#1) Romp.StdioPeer.IStdioService/EchoAsync  result 9 B: ""hello"""));
        });
    }

    [Test]
    public async Task RompDebug_Unset_ChildWritesNothing(CancellationToken cancellationToken)
    {
        (int exitCode, string stderr, _) = await RunStdioPeerAsync(romp_debug: null, parentLines: null, cancellationToken);

        Assert.That(exitCode, Is.EqualTo(0), stderr);
        Assert.That(stderr, Is.Empty);
    }

    // The stdio peer, with ROMP_DEBUG set to the value given (or removed), asked for an echo and its process id, then
    // closed; its standard error is read to the end.
    private static async Task<(int ExitCode, string Stderr, int ChildId)> RunStdioPeerAsync(string? romp_debug, ConcurrentQueue<string>? parentLines, CancellationToken cancellationToken)
    {
        System.Diagnostics.ProcessStartInfo start = PeerProcess.StartInfo();
        if (romp_debug is null)
            start.Environment.Remove(ConversationTrace.EnvironmentVariable);
        else
            start.Environment[ConversationTrace.EnvironmentVariable] = romp_debug;
        using System.Diagnostics.Process child = System.Diagnostics.Process.Start(start)!;
        try
        {
            Task<string> stderr = child.StandardError.ReadToEndAsync(cancellationToken);
            var options = new RompConnectionOptions { ConversationTrace = parentLines is null ? null : parentLines.Enqueue };
            await using (RompConnection connection = await RompConnection.AttachAsync(child.StandardOutput.BaseStream, child.StandardInput.BaseStream, options, cancellationToken))
            {
                StdioPeer.IStdioService service = await connection.ResolveAsync<StdioPeer.IStdioService>(StdioPeer.IStdioService.Name, cancellationToken);
                Assert.That(await service.EchoAsync("hello"), Is.EqualTo("hello"));
                Assert.That(await service.ProcessIdAsync(), Is.EqualTo(child.Id), "the protocol on standard output is untouched");
            }

            await child.WaitForExitAsync(cancellationToken);
            return (child.ExitCode, await stderr, child.Id);
        }
        finally
        {
            if (!child.HasExited)
                child.Kill(entireProcessTree: true);
        }
    }

    private static bool Record(ConcurrentQueue<ProxyFrame> frames, ProxyFrame frame)
    {
        frames.Enqueue(frame);
        return false;
    }

    private static List<TraceLine> Parse(IEnumerable<string> lines, string? who) =>
        lines.Select(TraceLine.Parse).Where(l => who is null || l.Who == who).ToList();

    private static IEnumerable<TraceLine> Sent(List<TraceLine> lines) => lines.Where(l => l.Sent && !l.IsHello);

    private static IEnumerable<TraceLine> Received(List<TraceLine> lines) => lines.Where(l => !l.Sent && !l.IsHello);

    // Items of one stream may come in one YIELD or several: counted as one line with their sum.
    private static List<TraceLine> MergeYields(List<TraceLine> lines)
    {
        var merged = new List<TraceLine>();
        foreach (TraceLine line in lines)
        {
            if (line.Type == "YIELD" && merged.Count > 0 && merged[^1] is { Type: "YIELD" } previous && previous.CallId == line.CallId)
            {
                merged[^1] = previous with { Text = Regex.Replace(previous.Text, @"  (\d+) items?.*$", m => $"  {int.Parse(m.Groups[1].Value) + Items(line.Text)} items") };
                continue;
            }

            merged.Add(line.Type == "YIELD" ? line with { Text = Regex.Replace(line.Text, @"  (\d+) items?.*$", m => $"  {m.Groups[1].Value} items") } : line);
        }

        return merged;
    }

    private static int Items(string yieldText) => int.Parse(Regex.Match(yieldText, @"  (\d+) items?").Groups[1].Value);

    private static void AssertPrefix<T>(List<T> prefix, List<T> whole, string message)
    {
        Assert.That(prefix, Has.Count.LessThanOrEqualTo(whole.Count), message);
        Assert.That(prefix, Is.EqualTo(whole.Take(prefix.Count)), message);
    }
}
