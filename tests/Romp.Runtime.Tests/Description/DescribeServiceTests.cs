using System.Security.Claims;
using Romp.CompilerServices;
using Romp.Description;
using Romp.Tests.Contracts;
using Romp.Tests.Security;

namespace Romp.Tests.Description;

/// <summary>The describe service over loopback TCP: off by default, and when on, only what the caller may resolve.</summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class DescribeServiceTests
{
    private RompServer? _server;

    [TearDown]
    public async Task StopServerAsync()
    {
        if (_server is not null)
            await _server.DisposeAsync();
    }

    [Test]
    public async Task DescribeAsync_NotEnabled_AccessDeniedAndTheConnectionStays(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions());

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await client.DescribeAsync(cancellationToken: cancellationToken));
        IShapeService shapes = await client.ResolveAsync<IShapeService>("shapes", cancellationToken);

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.Message, Does.Contain("EnableDescribe"));
        Assert.That(await shapes.AddAsync(2, 40), Is.EqualTo(42), "a refused describe is an answer, not a broken connection");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task DescribeAsync_Enabled_ListsNamesInOrderWithContractsAndSignatures(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });

        RompServiceDescription service = await client.DescribeAsync(cancellationToken: cancellationToken);

        Assert.That(service.Objects.Select(static o => o.Name), Is.EqualTo(new[] { "counter", "shapes" }));
        RompContractDescription shapes = service.Find("shapes")!.Contract;
        Assert.That(shapes.InterfaceName, Is.EqualTo("Romp.Tests.Contracts.IShapeService"));
        Assert.That(shapes.ContractId, Is.EqualTo(RompContracts.Find<IShapeService>()!.Id));
        RompMethodDescription add = shapes.Methods.Single(static m => m.Name == "AddAsync");
        Assert.That(add.Signature, Is.EqualTo("ValueTask<int> AddAsync(int a, int b)"));
        Assert.That(add.Parameters.Select(static p => (p.Name, p.Shape.Kind)), Is.EqualTo(new[] { ("a", RompTypeKind.Int32), ("b", RompTypeKind.Int32) }));
        Assert.That(add.Result.Kind, Is.EqualTo(RompTypeKind.Int32));
        Assert.That(shapes.Methods.Single(static m => m.Name == "Tick").Kind, Is.EqualTo(RompMethodKind.Oneway));
        Assert.That(shapes.Methods.Single(static m => m.Name == "CountAsync").Result.DisplayName, Is.EqualTo("IAsyncEnumerable<int>"));
        RompMethodDescription indexer = shapes.Methods.Single(static m => m.Name == "get_Item");
        Assert.That((indexer.Member, indexer.IsIdempotent), Is.EqualTo((RompMemberKind.IndexerGet, true)));
        RompNamedType sample = shapes.FindType("Romp.Tests.Contracts.Sample")!;
        Assert.That(sample.Members.Select(static m => m.Shape.DisplayName),
            Is.EqualTo(new[] { "string", "double", "Romp.Tests.Contracts.Mood", "List<Romp.Tests.Contracts.Sample>" }));
        RompNamedType mood = shapes.FindType("Romp.Tests.Contracts.Mood")!;
        Assert.That((mood.UnderlyingKind, mood.Values.Select(static v => (v.Name, v.Value)).ToArray()),
            Is.EqualTo((RompTypeKind.Int16, new[] { ("Calm", 1L), ("Angry", -3L) })));
        Assert.That(service.Find("counter")!.Contract.Methods.Select(static m => m.Name), Is.EqualTo(new[] { "get_Name", "IncrementAsync" }));
    }

    [Test]
    public async Task DescribeAsync_OneName_OnlyThatNameAndAnUnknownNameIsUnknownObject(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });

        RompServiceDescription one = await client.DescribeAsync("counter", cancellationToken);
        RompException? unknown = Assert.ThrowsAsync<RompException>(async () => await client.DescribeAsync("nothing", cancellationToken));

        Assert.That(one.Objects.Select(static o => o.Name), Is.EqualTo(new[] { "counter" }));
        Assert.That(unknown!.Error, Is.EqualTo(RompError.UnknownObject));
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task DescribeAsync_PolicyRefusesTheCaller_NameLeftOutForItAndListedForOthers(CancellationToken cancellationToken)
    {
        var options = new RompServerOptions
        {
            EnableDescribe = true,
            Authenticate = static context => ValueTask.FromResult<ClaimsPrincipal?>(context.Credentials?.Value switch
            {
                "alice-token" => AuthenticationTests.Principal("alice", "user"),
                "root-token" => AuthenticationTests.Principal("root", "admin"),
                _ => null,
            }),
        };
        await using RompClient alice = await StartAsync(options, "alice-token", bindAdmin: true);
        await using RompClient root = await RompClient.ConnectAsync(_server!.Endpoint, new RompClientOptions { Credentials = RompCredentials.Bearer("root-token") }, cancellationToken);

        RompServiceDescription seenByAlice = await alice.DescribeAsync(cancellationToken: cancellationToken);
        RompServiceDescription seenByRoot = await root.DescribeAsync(cancellationToken: cancellationToken);
        RompException? asked = Assert.ThrowsAsync<RompException>(async () => await alice.DescribeAsync("admin", cancellationToken));

        Assert.That(seenByAlice.Objects.Select(static o => o.Name), Is.EqualTo(new[] { "counter", "shapes" }));
        Assert.That(seenByRoot.Objects.Select(static o => o.Name), Is.EqualTo(new[] { "admin", "counter", "shapes" }));
        Assert.That(asked!.Error, Is.EqualTo(RompError.UnknownObject), "a refused name is as good as unbound");
    }

    [Test]
    public async Task DescribeAsync_AuthenticationRefusesTheClient_NothingToDescribe(CancellationToken cancellationToken)
    {
        _server = await ServeAsync(new RompServerOptions
        {
            EnableDescribe = true,
            Authenticate = static _ => ValueTask.FromResult<ClaimsPrincipal?>(null),
        }, bindAdmin: false);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await RompClient.ConnectAsync(_server.Endpoint, cancellationToken: cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
    }

    [Test]
    public async Task ResolveAsync_ByDescription_CallsWithEncodedArgumentsAndReturnsTheResultBytes(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });
        RompObjectDescription shapes = (await client.DescribeAsync("shapes", cancellationToken)).Objects[0];
        RompMethodDescription add = shapes.Contract.Methods.Single(static m => m.Name == "AddAsync");

        await using RompRemoteObject remote = await client.ResolveAsync(shapes, cancellationToken);
        byte[] result = await remote.InvokeAsync(add.Id, new byte[] { 2, 0, 0, 0, 40, 0, 0, 0 }, cancellationToken);
        IShapeService typed = await client.ResolveAsync<IShapeService>("shapes", cancellationToken);

        Assert.That(result, Is.EqualTo(new byte[] { 42, 0, 0, 0 }));
        Assert.That(await typed.AddAsync(1, 2), Is.EqualTo(3), "a typed proxy for the same object works beside it");
    }

    [Test]
    public async Task ResolveAsync_ByDescriptionOfAnotherContractName_TypeGuardFailure(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });
        RompObjectDescription shapes = (await client.DescribeAsync("shapes", cancellationToken)).Objects[0];
        var stale = new RompObjectDescription("shapes", new RompContractDescription(shapes.Contract.InterfaceName, "shapes.v0", 1, RompAccess.Parallel, [], []));

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await client.ResolveAsync(stale, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.TypeGuardFailure));
        Assert.That(error.Message, Does.Contain($"contract '{shapes.Contract.ContractName}'").And.Contain("not the contract 'shapes.v0'"));
    }

    [Test]
    public async Task InvokeAsync_ByDescriptionOfAMethodTheServerLacks_FailsUnsentAndTheConnectionStays(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });
        RompContractDescription described = (await client.DescribeAsync("shapes", cancellationToken)).Objects[0].Contract;
        // A tool that describes a newer version of the contract: one more method, which this server has not got.
        var newer = new RompMethodDescription(12345, 0xC0FFEEu, "Rotate", RompMethodKind.Request, RompMemberKind.Method, false, "void Rotate()", [], "void", RompTypeShape.Of(RompTypeKind.Void));
        var target = new RompObjectDescription("shapes", new RompContractDescription(described.InterfaceName, described.ContractName, described.ContractId,
            described.Access, [.. described.Methods, newer], [.. described.Types]));
        await using RompRemoteObject remote = await client.ResolveAsync(target, cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await remote.InvokeAsync(12345, ReadOnlyMemory<byte>.Empty, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownMethod));
        Assert.That(error.Message, Does.Contain("has no method Rotate()"));
        Assert.That((await client.DescribeAsync("shapes", cancellationToken)).Objects, Has.Count.EqualTo(1), "the connection is still open");
    }

    [Test]
    public async Task InvokeStream_ByDescription_EachItemAsItsBytesAndStoppingEarlyEndsIt(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });
        RompObjectDescription shapes = (await client.DescribeAsync("shapes", cancellationToken)).Objects[0];
        RompMethodDescription count = shapes.Contract.Methods.Single(static m => m.Name == "CountAsync");
        await using RompRemoteObject remote = await client.ResolveAsync(shapes, cancellationToken);

        var items = new List<byte[]>();
        await foreach (byte[] item in remote.InvokeStream(count.Id, new byte[] { 3, 0, 0, 0 }, count.Result.Arguments[0], cancellationToken))
            items.Add(item);
        var firstTwo = new List<byte[]>();
        await foreach (byte[] item in remote.InvokeStream(count.Id, new byte[] { 0, 1, 0, 0 }, count.Result.Arguments[0], cancellationToken))
        {
            firstTwo.Add(item);
            if (firstTwo.Count == 2)
                break;
        }

        Assert.That(items, Is.EqualTo(new[] { new byte[] { 0, 0, 0, 0 }, new byte[] { 1, 0, 0, 0 }, new byte[] { 2, 0, 0, 0 } }));
        Assert.That(firstTwo, Has.Count.EqualTo(2));
        await client.SyncAsync(cancellationToken);
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task InvokeAsync_DisposedRemoteObject_DroppedObject(CancellationToken cancellationToken)
    {
        await using RompClient client = await StartAsync(new RompServerOptions { EnableDescribe = true });
        RompObjectDescription shapes = (await client.DescribeAsync("shapes", cancellationToken)).Objects[0];
        RompRemoteObject remote = await client.ResolveAsync(shapes, cancellationToken);

        remote.Dispose();
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await remote.InvokeAsync(1, new byte[8], cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.DroppedObject));
    }

    [Test]
    public void Describe_ContractNeverAskedFor_IsNotBuiltUntilAsked()
    {
        RompObjectContract contract = RompContracts.Find<IUndescribed>()!;

        bool builtBefore = contract.IsDescribed;
        RompContractDescription first = contract.Describe();

        Assert.That(builtBefore, Is.False, "registering the contract must not build its description");
        Assert.That(contract.IsDescribed, Is.True);
        Assert.That(contract.Describe(), Is.SameAs(first), "built once");
        Assert.That(first.Methods.Single().Signature, Is.EqualTo("ValueTask<Window> MoveAsync(Window window, int by)"));
    }

    private async Task<RompClient> StartAsync(RompServerOptions options, string? token = null, bool bindAdmin = false)
    {
        _server = await ServeAsync(options, bindAdmin);
        return await RompClient.ConnectAsync(_server.Endpoint, token is null ? null : new RompClientOptions { Credentials = RompCredentials.Bearer(token) });
    }

    private static async Task<RompServer> ServeAsync(RompServerOptions options, bool bindAdmin)
    {
        var server = new RompServer("tcp://127.0.0.1:0", options);
        server.Bind<IShapeService>("shapes", new ShapeService());
        server.Bind<ICounter>("counter", new Counter("c"));
        if (bindAdmin)
            server.Bind<ICounter>("admin", new Counter("admin"), RompPolicy.RequireRole("admin"));
        await server.StartAsync();
        return server;
    }
}

/// <summary>Used by no test but the one that checks its description is built only when asked for.</summary>
[RompObject]
public interface IUndescribed
{
    ValueTask<Window> MoveAsync(Window window, int by);
}
