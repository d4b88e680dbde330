using Romp.Description;
using Romp.Tests.Contracts;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// [RompUnion] values over loopback TCP: each travels as its real type, nested unions included; the sender refuses a
/// type no union declares (and a subclass of a concrete type) before anything is sent; the receiver refuses a tag it
/// does not know, failing that call only.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class UnionTests
{
    private RompServer _server = null!;
    private RompClient _client = null!;
    private IFigures _figures = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { EnableDescribe = true });
        _server.Bind<IFigures>("figures", new Figures());
        await _server.StartAsync();
        _client = await RompClient.ConnectAsync(_server.Endpoint);
        _figures = await _client.ResolveAsync<IFigures>("figures");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task EchoAsync_EveryCase_ArrivesAsItsOwnTypeWithItsMembers()
    {
        Figure?[] sent =
        [
            new Circle("sun", 2.5),
            new Square("tile", 4),
            new Triangle("roof"),
            new Quad("frame", new Circle("hole", 0.5)),
            null,
        ];

        foreach (Figure? figure in sent)
        {
            Figure? echoed = await _figures.EchoAsync(figure);

            Assert.That(echoed?.GetType(), Is.EqualTo(figure?.GetType()));
            Assert.That(echoed, Is.EqualTo(figure), "records compare by value: every member came through");
        }
    }

    [Test]
    public async Task EchoSketchAsync_UnionsInAListAndAMember_RoundTrip()
    {
        var sketch = new Sketch([new Triangle("a"), new Circle("b", 1), new Quad("c", new Quad("d", null))], new Square("focus", 3));

        Sketch echoed = await _figures.EchoSketchAsync(sketch);

        Assert.That(echoed.Figures, Is.EqualTo(sketch.Figures));
        Assert.That(echoed.Figures.Select(static f => f.GetType()), Is.EqualTo(new[] { typeof(Triangle), typeof(Circle), typeof(Quad) }));
        Assert.That(echoed.Focus, Is.EqualTo(new Square("focus", 3)));
    }

    [Test]
    public async Task StreamAsync_UnionItems_ArriveAsTheirTypes(CancellationToken cancellationToken)
    {
        var received = new List<Figure>();
        await foreach (Figure figure in _figures.StreamAsync(4).WithCancellation(cancellationToken))
            received.Add(figure);

        Assert.That(received, Is.EqualTo(new Figure[]
        {
            new Circle("c0", 0), new Quad("q1", new Triangle("t1")), new Circle("c2", 2), new Quad("q3", new Triangle("t3")),
        }));
    }

    [Test]
    public async Task EchoAsync_SubclassOfAnOpenCase_RefusedOnTheSenderBeforeAnythingIsSent()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await _figures.EchoAsync(new FramedSquare("tile", 4, "oak")));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnsupportedType));
        Assert.That(error.Message, Is.EqualTo("FramedSquare is not a declared [RompUnion] case of Figure; add [RompUnion(3, typeof(FramedSquare))] to Figure."));
        Assert.That(await _figures.CallsAsync(), Is.EqualTo(0), "the server never saw the call");
        Assert.That(_client.IsConnected, Is.True);
    }

    [Test]
    public async Task EchoAsync_UndeclaredCaseOfANestedUnion_RefusedNamingTheNestedUnion()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await _figures.EchoAsync(new Hexagon("hex")));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnsupportedType));
        Assert.That(error.Message, Is.EqualTo("Hexagon is not a declared [RompUnion] case of Polygon; add [RompUnion(2, typeof(Hexagon))] to Polygon."));
        Assert.That(await _figures.EchoAsync(new Triangle("after")), Is.EqualTo(new Triangle("after")), "the connection carries on");
    }

    [Test]
    public async Task EchoLabelAsync_SubclassOfAConcreteType_RefusedInsteadOfSliced()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await _figures.EchoLabelAsync(new ColoredLabel("hi", "red")));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnsupportedType));
        Assert.That(error.Message, Does.StartWith("A ColoredLabel cannot be sent as a Label: it would arrive as a Label and lose its own members."));
        Assert.That(await _figures.EchoLabelAsync(new Label("plain")), Is.EqualTo(new Label("plain")));
        Assert.That(await _figures.CallsAsync(), Is.EqualTo(1), "only the plain label reached the server");
    }

    [Test]
    public async Task HexagonAsync_ServerAnswersWithAnUndeclaredCase_TheCallFailsWithTheReason()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await _figures.HexagonAsync());

        Assert.That(error!.Error, Is.EqualTo(RompError.UnsupportedType), "the server's refusal, sent as the call's answer");
        Assert.That(error.Message, Does.Contain("Hexagon is not a declared [RompUnion] case of Polygon"));
        Assert.That(await _figures.EchoAsync(new Circle("next", 1)), Is.EqualTo(new Circle("next", 1)));
    }

    [Test]
    public async Task EchoAsync_TagTheServerDoesNotKnow_FailsThatCallOnly(CancellationToken cancellationToken)
    {
        RompObjectDescription description = (await _client.DescribeAsync("figures", cancellationToken)).Objects[0];
        RompMethodDescription echo = description.Contract.Methods.Single(static m => m.Name == "EchoAsync");
        await using RompRemoteObject remote = await _client.ResolveAsync(description, cancellationToken);

        // A Figure of tag 9: length 2, then the tag (a newer peer's case; its bytes would follow).
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await remote.InvokeAsync(echo.Id, new byte[] { 2, 0, 0, 0, 9, 0 }, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownType));
        Assert.That(error.Message, Does.Contain("Romp.Tests.Contracts.Figure value arrived as the case with tag 9"));
        Assert.That(await _figures.EchoAsync(new Circle("next", 1)), Is.EqualTo(new Circle("next", 1)), "the connection carries on");
        Assert.That(await _figures.CallsAsync(), Is.EqualTo(1), "the refused call never ran");
    }
}
