using System.Collections.Concurrent;
using Romp.Tests.Support;
using V1 = Romp.Tests.Versioning.ChatV1;
using V2 = Romp.Tests.Versioning.ChatV2;

namespace Romp.Tests.Versioning;

/// <summary>
/// Two versions of one contract ("chat.v1") over a loopback socket (docs/protocol.md §4.2, §4.3): a server whose
/// interface gained, reordered and renamed methods serves old clients; a newer client calls what an older server has
/// and gets a clear error, for that call only, for what it has not; a contract of another name is refused in words.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ContractVersionTests
{
    [Test]
    public async Task OldClientNewServer_EveryMethodBothHave_Works(CancellationToken cancellationToken)
    {
        var service = new V2.Chat();
        await using RompServer server = await StartAsync(s => s.Bind<V2.IChat>("chat", service), cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        V1.IChatService chat = await client.ResolveAsync<V1.IChatService>("chat", cancellationToken);

        Assert.That(await chat.SendAsync("hi", 7), Is.EqualTo(107));
        chat.Topic = "releases";
        Assert.That(chat.Topic, Is.EqualTo("releases"));
        chat.Ping(3);
        await client.SyncAsync(cancellationToken);
        Assert.That(service.Pings, Is.EqualTo(3));
        Assert.That(await ToListAsync(chat.HistoryAsync(2), cancellationToken), Is.EqualTo(new[] { "v2 message 0", "v2 message 1" }));
        Assert.That(await chat.CountAsync(), Is.EqualTo(1));
    }

    [Test]
    public async Task NewClientOldServer_SharedMethodsWork_NewOnesFailUnsentAndTheConnectionStays(CancellationToken cancellationToken)
    {
        var service = new V1.ChatService();
        await using RompServer server = await StartAsync(s => s.Bind<V1.IChatService>("chat", service), cancellationToken);
        var trace = new ConcurrentQueue<string>();
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, new RompClientOptions { ConversationTrace = trace.Enqueue }, cancellationToken);

        V2.IChat chat = await client.ResolveAsync<V2.IChat>("chat", cancellationToken);

        Assert.That(await chat.SendAsync("hi", 1), Is.EqualTo(101));
        RompException? kick = Assert.ThrowsAsync<RompException>(() => chat.KickAsync("mallory"));
        Assert.That(kick!.Error, Is.EqualTo(RompError.UnknownMethod));
        Assert.That(kick.Message, Is.EqualTo("The server's 'chat.v1' has no method KickAsync(string): it is older than this client, or the method's signature changed."));
        RompException? wave = Assert.Throws<RompException>(() => chat.Wave(2));
        Assert.That(wave!.Message, Does.Contain("has no method Wave(int)"), "a one-way call fails too, at once");
        RompException? typing = Assert.ThrowsAsync<RompException>(async () => await ToListAsync(chat.TypingAsync(cancellationToken), cancellationToken));
        Assert.That(typing!.Message, Does.Contain("has no method TypingAsync()"), "so does a stream");
        Assert.That(await chat.SendAsync("still here", 2), Is.EqualTo(202), "only those calls failed, not the connection");
        Assert.That(await chat.CountAsync(), Is.EqualTo(2));
        Assert.That(trace.Where(static l => l.Contains("KickAsync") || l.Contains("Wave") || l.Contains("TypingAsync")), Is.Empty,
            "the proxy knew from the resolve, and sent nothing");
        Assert.That(trace, Has.Some.Contains("resolver resolve(\"chat\") -> #1  lacking 4 methods"), "KickAsync, Wave, TypingAsync and LabelAsync");
    }

    [Test]
    public async Task ExplicitIdGivenToAnotherSignature_FailsUnsentInBothDirections(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartAsync(s =>
        {
            s.Bind<V1.IChatService>("old", new V1.ChatService());
            s.Bind<V2.IChat>("new", new V2.Chat());
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        V2.IChat newOnOld = await client.ResolveAsync<V2.IChat>("old", cancellationToken);
        V1.IChatService oldOnNew = await client.ResolveAsync<V1.IChatService>("new", cancellationToken);

        RompException? newer = Assert.ThrowsAsync<RompException>(() => newOnOld.LabelAsync("x", bold: true));
        RompException? older = Assert.ThrowsAsync<RompException>(() => oldOnNew.LabelAsync("x"));

        Assert.That(newer!.Error, Is.EqualTo(RompError.UnknownMethod));
        Assert.That(newer.Message, Does.StartWith("The server's 'chat.v1' has another method under the id of LabelAsync(string, bool) (method id 77)"));
        Assert.That(older!.Message, Does.StartWith("The server's 'chat.v1' has another method under the id of LabelAsync(string) (method id 77)"));
        Assert.That(await oldOnNew.SendAsync("fine", 0), Is.EqualTo(100));
    }

    [Test]
    public async Task NewClientOldServer_ReferenceFromAResult_UnknownMethodFailsThatCallOnly(CancellationToken cancellationToken)
    {
        var logs = new CapturingLoggerFactory();
        var service = new V1.ChatService();
        await using RompServer server = await StartAsync(s => s.Bind<V1.ILobby>("lobby", new V1.Lobby(service)), cancellationToken,
            new RompServerOptions { LoggerFactory = logs });
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        V2.ILobby lobby = await client.ResolveAsync<V2.ILobby>("lobby", cancellationToken);

        // A reference in a result skips resolve: the proxy cannot know what the object lacks, so the server says so.
        V2.IChat chat = await lobby.JoinAsync("general");

        RompException? kick = Assert.ThrowsAsync<RompException>(() => chat.KickAsync("mallory"));
        Assert.That(kick!.Error, Is.EqualTo(RompError.UnknownMethod));
        Assert.That(kick.Message, Is.EqualTo("The server's 'chat.v1' has no method KickAsync(string): it is older than this client, or the method's signature changed."));
        RompException? typing = Assert.ThrowsAsync<RompException>(async () => await ToListAsync(chat.TypingAsync(cancellationToken), cancellationToken));
        Assert.That(typing!.Error, Is.EqualTo(RompError.UnknownMethod));
        chat.Wave(1); // one-way: sent, and it can only fail on the server, which logs it
        await client.SyncAsync(cancellationToken);
        CapturingLoggerFactory.LogEntry logged = await logs.WaitForAsync(static e => e.Message.Contains("one-way call to Romp.Tests.Versioning.ChatV1.IChatService/#"), cancellationToken);
        Assert.That(logged.Exception, Is.InstanceOf<RompException>().With.Property(nameof(RompException.Error)).EqualTo(RompError.UnknownMethod));
        Assert.That(await chat.SendAsync("hi", 5), Is.EqualTo(105), "the connection keeps working");
        Assert.That(client.IsConnected, Is.True);
    }

    [Test]
    public async Task Resolve_InterfaceRenamedAndMovedWithTheSameName_ResolvesBothWays(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartAsync(s =>
        {
            s.Bind<V1.IChatService>("old", new V1.ChatService());
            s.Bind<V2.IChat>("new", new V2.Chat());
        }, cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        V2.IChat renamed = await client.ResolveAsync<V2.IChat>("old", cancellationToken);
        V1.IChatService original = await client.ResolveAsync<V1.IChatService>("new", cancellationToken);
        V1.IChatService again = await client.ResolveAsync<V1.IChatService>("old", cancellationToken);

        Assert.That(await renamed.CountAsync(), Is.Zero);
        Assert.That(await original.CountAsync(), Is.Zero);
        Assert.That(await again.SendAsync("both interfaces reach one object", 0), Is.EqualTo(100));
        Assert.That(await renamed.CountAsync(), Is.EqualTo(1), "a proxy per interface, for the same object");
    }

    [Test]
    public async Task Resolve_NameBoundToAnotherContract_FailsWithBothContractsInWords(CancellationToken cancellationToken)
    {
        await using RompServer server = await StartAsync(s => s.Bind<IRoomService>("chat", new RoomService()), cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() => client.ResolveAsync<V1.IChatService>("chat", cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.TypeGuardFailure));
        Assert.That(error.Message, Is.EqualTo("'chat' is bound to Romp.Tests.Versioning.IRoomService (contract 'chat.rooms'), not the contract 'chat.v1' this client asked for."));
        Assert.That(await (await client.ResolveAsync<IRoomService>("chat", cancellationToken)).ListAsync(), Is.EqualTo(new[] { "general" }));
    }

    private static async Task<RompServer> StartAsync(Action<RompServer> bind, CancellationToken cancellationToken, RompServerOptions? options = null)
    {
        var server = new RompServer("tcp://127.0.0.1:0", options ?? new RompServerOptions());
        bind(server);
        await server.StartAsync(cancellationToken);
        return server;
    }

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> items, CancellationToken cancellationToken)
    {
        var list = new List<T>();
        await foreach (T item in items.WithCancellation(cancellationToken))
            list.Add(item);
        return list;
    }
}
