using System.Text.Json;
using System.Text.Json.Nodes;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Cli;

/// <summary>
/// The romp tool, packed and installed with <c>dotnet tool install --tool-path</c>, run against servers this fixture
/// starts on loopback TCP: its output and exit codes, and its errors.
/// </summary>
[TestFixture]
[Category("Socket")]
[NonParallelizable]
[CancelAfter(120_000)]
public sealed class RompToolTests
{
    private ToolInstall _tool = null!;
    private RompServer _server = null!;
    private RompServer _silent = null!;
    private ShapeService _shapes = null!;

    [OneTimeSetUp]
    public async Task InstallAndServeAsync()
    {
        // Packing builds the runtime for every target framework: minutes on a loaded machine, bounded here.
        using var installing = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        _tool = await ToolInstall.CreateAsync(installing.Token);
        _shapes = new ShapeService();
        _server = new RompServer("tcp://127.0.0.1:0", new RompServerOptions { EnableDescribe = true });
        _server.Bind<IShapeService>("shapes", _shapes);
        _server.Bind<ICounter>("counter", new Counter("c"));
        _server.Bind<IFigures>("figures", new Figures());
        await _server.StartAsync();
        _silent = new RompServer("tcp://127.0.0.1:0");
        _silent.Bind<ICounter>("counter", new Counter("c"));
        await _silent.StartAsync();
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
        if (_silent is not null)
            await _silent.DisposeAsync();
        if (_tool is not null)
            await _tool.DisposeAsync();
    }

    [Test]
    public async Task Ls_DescribingServer_ListsNamesInterfacesAndContractNames(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "ls", _server.Endpoint);

        Assert.That(exit, Is.Zero, output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(lines, Has.Length.EqualTo(3), output);
        Assert.That(lines[0], Does.Match(@"^counter\s+Romp\.Tests\.Contracts\.ICounter\s+'Romp\.Tests\.Contracts\.ICounter'\s+2 methods$"));
        Assert.That(lines[1], Does.Match(@"^figures\s+Romp\.Tests\.Contracts\.IFigures\s+'Romp\.Tests\.Contracts\.IFigures'"));
        Assert.That(lines[2], Does.Match(@"^shapes\s+Romp\.Tests\.Contracts\.IShapeService\s+'Romp\.Tests\.Contracts\.IShapeService'"));
    }

    [Test]
    public async Task Describe_Name_ShowsIdsSignaturesAndTypes(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "describe", _server.Endpoint, "shapes");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.StartWith("shapes: Romp.Tests.Contracts.IShapeService (contract 'Romp.Tests.Contracts.IShapeService', parallel)"));
        string add = "#" + RawPeer.MethodId<IShapeService>("AddAsync");
        Assert.That(output, Does.Contain($"  {add.PadLeft(6)}  ValueTask<int> AddAsync(int a, int b)\n"));
        Assert.That(output, Does.Contain("void Tick(int n) [oneway]"));
        Assert.That(output, Does.Contain("IAsyncEnumerable<int> CountAsync(int n) [stream]"));
        Assert.That(output, Does.Contain("int this[string key] { get; } [idempotent]"));
        Assert.That(output, Does.Contain("enum Romp.Tests.Contracts.Mood : Int16 { Calm = 1, Angry = -3 }"));
        Assert.That(output, Does.Contain("record Romp.Tests.Contracts.Sample { string Sensor; double Value; Mood Mood; List<Sample>? Children }"));
        Assert.That(output, Does.Contain("struct Romp.Tests.Contracts.Window { int Start; int Length }"));
    }

    [Test]
    public async Task Describe_Union_ListsItsCasesWithTheirTags(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "describe", _server.Endpoint, "figures");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("union Romp.Tests.Contracts.Figure { Romp.Tests.Contracts.Circle = 0 | Romp.Tests.Contracts.Square = 1 | Romp.Tests.Contracts.Polygon = 2 }"));
        Assert.That(output, Does.Contain("union Romp.Tests.Contracts.Polygon { Romp.Tests.Contracts.Triangle = 0 | Romp.Tests.Contracts.Quad = 1 }"));
    }

    [Test]
    public async Task Call_UnionArgument_SentAsTheCaseItsTypePropertyNames(CancellationToken cancellationToken)
    {
        const string quad = """{"$type":"Romp.Tests.Contracts.Quad","Name":"q","Corners":4,"Inner":{"$type":"Romp.Tests.Contracts.Circle","Name":"c","Radius":1}}""";

        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "figures", "EchoAsync", quad);

        Assert.That(exit, Is.Zero, output);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(output), JsonNode.Parse(quad)), Is.True, output);
    }

    [Test]
    public async Task Call_Add_PrintsTheResultAsJson(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "AddAsync", "2", "40");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Trim(), Is.EqualTo("42"));
    }

    [Test]
    public async Task Call_RecordAndCollections_JsonInJsonOut(CancellationToken cancellationToken)
    {
        const string sample = """{"Sensor":"s1","Value":1.5,"Mood":"Angry","Children":[{"Sensor":"s2","Value":-1,"Mood":"Calm","Children":null}]}""";

        (int exit, string echoed) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "EchoSampleAsync", sample);
        (int groupExit, string grouped) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "GroupAsync", "[3,4]", """["b","a"]""");

        Assert.That(exit, Is.Zero, echoed);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(echoed), JsonNode.Parse(sample)), Is.True, echoed);
        Assert.That(groupExit, Is.Zero, grouped);
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(grouped), JsonNode.Parse("""{"a":[3,4],"b":[3,4]}""")), Is.True, grouped);
    }

    [Test]
    public async Task Call_BareWordForAString_TakenAsTheString(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "EchoAsync", "hello");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Trim(), Is.EqualTo("\"hello\""));
    }

    [Test]
    public async Task Call_OnewayThenAGetter_TheOnewayRanAndAPropertyIsCalledByItsName(CancellationToken cancellationToken)
    {
        int before = await _shapes.TicksAsync();

        (int tickExit, string ticked) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "Tick", "5");
        (int exit, string ticks) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "TicksAsync");
        (int nameExit, string name) = await RompAsync(cancellationToken, "call", _server.Endpoint, "counter", "Name");

        Assert.That((tickExit, ticked.Trim()), Is.EqualTo((0, "null")), ticked);
        Assert.That((exit, ticks.Trim()), Is.EqualTo((0, (before + 5).ToString(System.Globalization.CultureInfo.InvariantCulture))), ticks);
        Assert.That((nameExit, name.Trim()), Is.EqualTo((0, "\"c\"")), name);
    }

    [Test]
    public async Task Call_OverloadsOfOneArity_NeedsIdAndTheIdPicksOne(CancellationToken cancellationToken)
    {
        var ids = RompContracts.Find<IShapeService>()!.Describe().Methods.Where(static m => m.Name == "Join").Select(static m => m.Id).ToArray();

        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "Join", "1", "2");
        (int textExit, string text) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "Join", "\"1\"", "\"2\"", "--id", ids[0].ToString(System.Globalization.CultureInfo.InvariantCulture));
        (int numberExit, string number) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "Join", "1", "2", "--id", ids[1].ToString(System.Globalization.CultureInfo.InvariantCulture));

        Assert.That(exit, Is.EqualTo(5), output);
        Assert.That(output, Does.Contain("Join has 2 overloads that take 2 argument(s); pick one with --id"));
        Assert.That((textExit, text.Trim()), Is.EqualTo((0, "\"text:12\"")), text);
        Assert.That((numberExit, number.Trim()), Is.EqualTo((0, "\"numbers:3\"")), number);
    }

    [Test]
    public async Task Ping_Count_OneLinePerPingThenTheSummaryAndHistogram(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "ping", _silent.Endpoint, "--count", "5", "--interval", "0");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Contain("sync 1: ").And.Contain("sync 5: ").And.Not.Contain("sync 6: "));
        Assert.That(output, Does.Contain($"5 pings to {_silent.Endpoint}: min "));
        Assert.That(output, Does.Match(@"\n  [<≥] [0-9.]+ [µm]s +#+ +\d+"));
    }

    [Test]
    public async Task Bench_SyncForAFixedCountAndAMethodForAFixedCount_ReportsCallsPerSecondAndPercentiles(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "bench", _silent.Endpoint, "--count", "200", "--concurrency", "2");
        (int callExit, string called) = await RompAsync(cancellationToken, "bench", _server.Endpoint, "--name", "shapes", "--method", "AddAsync", "1", "2", "--count", "100");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Match($@"bench SYNC on {System.Text.RegularExpressions.Regex.Escape(_silent.Endpoint)}: 200 calls in [0-9.]+ s, \d+ calls/s, 2 concurrent"));
        Assert.That(output, Does.Contain("latency: min ").And.Contain("p99 "));
        Assert.That(callExit, Is.Zero, called);
        Assert.That(called, Does.Contain("bench shapes.AddAsync on").And.Contain(": 100 calls in "));
    }

    [Test]
    public async Task Bench_Duration_StopsByItself(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "bench", _silent.Endpoint, "--duration", "0.5");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output, Does.Match(@": \d+ calls in 0\.[5-9]\d s|: \d+ calls in [1-9]\.\d\d s"));
    }

    [Test]
    public async Task AnyCommand_UnreachableEndpoint_ExitCode2(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "ls", "tcp://127.0.0.1:1");

        Assert.That(exit, Is.EqualTo(2), output);
        Assert.That(output, Does.StartWith("romp: could not connect to tcp://127.0.0.1:1"));
    }

    [Test]
    public async Task Ls_DescribeNotEnabled_ExitCode3(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "ls", _silent.Endpoint);

        Assert.That(exit, Is.EqualTo(3), output);
        Assert.That(output, Does.Contain("does not describe itself").And.Contain("EnableDescribe"));
    }

    [TestCase("describe", "nothing", "has no object named 'nothing'")]
    [TestCase("call", "nothing", "has no object named 'nothing'")]
    public async Task Command_UnknownName_ExitCode4(string command, string name, string expected, CancellationToken cancellationToken)
    {
        string[] arguments = command == "call" ? [command, _server.Endpoint, name, "AddAsync"] : [command, _server.Endpoint, name];

        (int exit, string output) = await RompAsync(cancellationToken, arguments);

        Assert.That(exit, Is.EqualTo(4), output);
        Assert.That(output, Does.Contain(expected));
    }

    [Test]
    public async Task Call_UnknownMethod_ExitCode4AndTheMethodsThereAre(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "counter", "Decrement");

        Assert.That(exit, Is.EqualTo(4), output);
        Assert.That(output, Does.Contain("has no method 'Decrement'; it has get_Name, IncrementAsync"));
    }

    [TestCase("x", "argument 'a' (int) is not JSON")]
    [TestCase("\"x\"", "a: expected a whole number (a int), got a string")]
    [TestCase("1.5", "a: 1.5 is not a whole number in the range of a int")]
    public async Task Call_BadArgument_ExitCode5AndWhatIsWrong(string argument, string expected, CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "AddAsync", argument, "1");

        Assert.That(exit, Is.EqualTo(5), output);
        Assert.That(output, Does.Contain(expected));
    }

    [Test]
    public async Task Call_WrongArgumentCount_ExitCode5(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "AddAsync", "1");

        Assert.That(exit, Is.EqualTo(5), output);
        Assert.That(output, Does.Contain("AddAsync takes 2 argument(s), not 1"));
    }

    [Test]
    public async Task Call_Stream_OneItemPerLineUpToMaxItems(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "CountAsync", "3");
        (int cutExit, string cut) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "CountAsync", "1000", "--max-items", "2");

        Assert.That(exit, Is.Zero, output);
        Assert.That(output.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "0", "1", "2" }));
        Assert.That(cutExit, Is.Zero, cut);
        Assert.That(cut.Split('\n', StringSplitOptions.RemoveEmptyEntries), Is.EqualTo(new[] { "0", "1" }));
    }

    [Test]
    public async Task Call_MethodThrows_ExitCode6WithTheRemoteError(CancellationToken cancellationToken)
    {
        (int exit, string output) = await RompAsync(cancellationToken, "call", _server.Endpoint, "shapes", "FailAsync", "boom");

        Assert.That(exit, Is.EqualTo(6), output);
        Assert.That(output, Does.Contain("the call threw System.InvalidOperationException: boom"));
    }

    private Task<(int ExitCode, string Output)> RompAsync(CancellationToken cancellationToken, params string[] arguments) =>
        ChildProcess.RunAsync(_tool.Command, arguments, cancellationToken);
}
