using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Errors;

/// <summary>
/// Exceptions nobody declared, over loopback sockets: a <see cref="RemoteException"/> that carries the chain of inner
/// exceptions (an AggregateException's children included), bounded whatever the server throws, and stack traces only
/// when the serving side turns them on.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class RemoteExceptionTests
{
    private readonly List<RompServer> _servers = [];
    private readonly List<RompClient> _clients = [];

    [TearDown]
    public async Task StopAsync()
    {
        foreach (RompClient client in _clients)
            await client.DisposeAsync();
        foreach (RompServer server in _servers)
            await server.DisposeAsync();
    }

    [Test]
    public async Task UndeclaredException_WithInner_ArrivesAsRemoteExceptionWithTheChain()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions());

        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("ledger"))!;

        Assert.Multiple(() =>
        {
            Assert.That((error.RemoteType, error.RemoteMessage), Is.EqualTo((typeof(LedgerException).FullName, "Saving the ledger failed.")));
            Assert.That(error.Message, Is.EqualTo("Saving the ledger failed. ---> disk full"));
            Assert.That(error.InnerExceptions.Select(static e => (e.RemoteType, e.Message)), Is.EqualTo(new[] { ("System.IO.IOException", "disk full") }));
            Assert.That(error.InnerException, Is.SameAs(error.InnerExceptions[0]));
            Assert.That(error.ToString(), Does.Contain(" ---> System.IO.IOException: disk full (remote)"));
            Assert.That(error.OmittedInnerExceptions, Is.Zero);
        });
    }

    [Test]
    public async Task AggregateException_ArrivesWithEveryChildAndTheirInnerExceptions()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions());

        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("aggregate"))!;

        Assert.That(error.RemoteType, Is.EqualTo("System.AggregateException"));
        Assert.That(error.InnerExceptions.Select(static e => e.RemoteType), Is.EqualTo(new[] { "System.IO.IOException", typeof(LedgerException).FullName }));
        Assert.That(error.InnerExceptions[1].InnerExceptions.Single().RemoteMessage, Is.EqualTo("slow disk"));
        Assert.That(error.Message, Does.Contain("disk full").And.Contain("quota").And.Contain("slow disk"));
        Assert.That(error.ToString(), Does.Contain("(inner exception #1)"));
    }

    [TestCase("deep")]
    [TestCase("wide")]
    public async Task HugeChain_IsBoundedAndSaysHowManyWereLeftOut(string kind)
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions());

        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync(kind))!;

        int sent = Count(error) - 1;
        Assert.That(sent, Is.EqualTo(32), "at most 32 inner exceptions travel");
        Assert.That(sent + error.OmittedInnerExceptions, Is.EqualTo(1000), "the rest are counted");
        Assert.That(error.ToString(), Does.Contain("more inner exceptions were not sent"));
        await rooms.JoinAsync("lobby", 1);
    }

    [Test]
    public async Task HugeMessages_InnerTextIsShortenedAndTheCallAnswered()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions());

        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("huge"))!;

        Assert.That(error.RemoteMessage, Has.Length.EqualTo(1_000_000), "the exception's own message is sent whole, as before");
        Assert.That(error.InnerExceptions.Single().RemoteMessage, Has.Length.EqualTo(1024));
    }

    [Test]
    public async Task HugeMessages_PeerWithSmallFrames_GetsTheShortAnswer()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions(), new RompClientOptions { MaxFrameSize = RompConnectionOptions.MinimumFrameSize });

        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("huge"))!;

        Assert.That(error.RemoteMessage, Has.Length.EqualTo(100));
        Assert.That((error.InnerExceptions.Count, error.OmittedInnerExceptions), Is.EqualTo((0, 1)));
        await rooms.JoinAsync("lobby", 1);
    }

    [Test]
    public async Task StackTraces_ByDefault_AreNotSent()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions());

        RemoteException remote = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("ledger"))!;
        RoomNotFoundException fault = Assert.ThrowsAsync<RoomNotFoundException>(() => rooms.JoinAsync("attic", 1))!;
        InvalidOperationException standard = Assert.ThrowsAsync<InvalidOperationException>(async () => await rooms.ThrowAsync("invalid-operation"))!;

        Assert.That(remote.RemoteStackTrace, Is.Null);
        Assert.That(remote.InnerExceptions.Single().RemoteStackTrace, Is.Null);
        Assert.That(fault.Data.Contains(RemoteException.RemoteStackTraceKey), Is.False);
        Assert.That(standard.Data.Contains(RemoteException.RemoteStackTraceKey), Is.False);
    }

    [Test]
    public async Task StackTraces_TurnedOnOnTheServer_AreSentWithEveryKind()
    {
        IRooms rooms = await ConnectAsync(new RompServerOptions { IncludeRemoteStackTrace = true });

        RemoteException remote = Assert.ThrowsAsync<RemoteException>(async () => await rooms.ThrowAsync("ledger"))!;
        RoomNotFoundException fault = Assert.ThrowsAsync<RoomNotFoundException>(() => rooms.JoinAsync("attic", 1))!;
        InvalidOperationException standard = Assert.ThrowsAsync<InvalidOperationException>(async () => await rooms.ThrowAsync("invalid-operation"))!;

        Assert.That(remote.RemoteStackTrace, Does.Contain(nameof(Rooms.ThrowAsync)));
        Assert.That(fault.Data[RemoteException.RemoteStackTraceKey], Does.Contain(nameof(Rooms.JoinAsync)));
        Assert.That(standard.Data[RemoteException.RemoteStackTraceKey], Does.Contain(nameof(Rooms.ThrowAsync)));
    }

    [Test]
    public async Task StackTraces_TurnedOnOnTheClient_AreSentWithItsCallbacksFaults()
    {
        IRooms quiet = await ConnectAsync(new RompServerOptions());
        IRooms telling = await ConnectAsync(new RompServerOptions(), new RompClientOptions { IncludeRemoteStackTrace = true });

        Assert.That(await quiet.AskWatcherAsync(new LobbyWatcher(), "attic"), Does.Not.Contain("with its stack trace"));
        Assert.That(await telling.AskWatcherAsync(new LobbyWatcher(), "attic"), Does.EndWith("(with its stack trace)"));
    }

    private async Task<IRooms> ConnectAsync(RompServerOptions serverOptions, RompClientOptions? clientOptions = null)
    {
        var server = new RompServer(Transports.NewEndpoint(Transports.Tcp), serverOptions);
        _servers.Add(server);
        server.Bind<IRooms>("rooms", new Rooms());
        await server.StartAsync();
        RompClient client = await RompClient.ConnectAsync(server.Endpoint, clientOptions);
        _clients.Add(client);
        return await client.ResolveAsync<IRooms>("rooms");
    }

    private static int Count(RemoteException error) => 1 + error.InnerExceptions.Sum(Count);
}
