using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Errors;

/// <summary>
/// Faults a contract declares with [RompFault], over loopback sockets: thrown by a served method or a client's callback,
/// they arrive as their own type with their members and message; anything the method does not declare stays remote.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class DeclaredFaultTests
{
    private RompServer _server = null!;
    private RompClient _client = null!;
    private IRooms _rooms = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer(Transports.NewEndpoint(Transports.Tcp));
        _server.Bind<IRooms>("rooms", new Rooms());
        await _server.StartAsync();
        _client = await RompClient.ConnectAsync(_server.Endpoint);
        _rooms = await _client.ResolveAsync<IRooms>("rooms");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task DeclaredFault_MessageConstructor_ArrivesAsItselfWithMembersAndMessage(CancellationToken cancellationToken)
    {
        RoomNotFoundException error = Assert.ThrowsAsync<RoomNotFoundException>(() => _rooms.JoinAsync("attic", 2))!;

        Assert.Multiple(() =>
        {
            Assert.That(error.GetType(), Is.EqualTo(typeof(RoomNotFoundException)));
            Assert.That(error.Room, Is.EqualTo("attic"));
            Assert.That(error.Message, Is.EqualTo("There is no room 'attic'."));
            Assert.That(error.InnerException, Is.Null, "only the fault's own members travel");
            Assert.That(error.Data.Contains(RemoteException.RemoteStackTraceKey), Is.False, "stack traces are off by default");
        });
        await _rooms.JoinAsync("lobby", 1).WaitAsync(cancellationToken);
    }

    [Test]
    public void DeclaredFault_NamedAndBuildingItsOwnMessage_ArrivesWithEveryMember()
    {
        RoomFullException error = Assert.ThrowsAsync<RoomFullException>(() => _rooms.JoinAsync("full", 2))!;

        Assert.That((error.Room, error.Capacity, error.Message), Is.EqualTo(("full", 12, "Room 'full' is full (12 seats).")));
        Assert.That(error.Waiting, Is.EqualTo(new[] { "ada", "bob" }), "a settable member travels too");
    }

    [Test]
    public void InterfaceFault_ThrownByAnyMethod_ArrivesAsItself()
    {
        ChatClosedException fromJoin = Assert.ThrowsAsync<ChatClosedException>(() => _rooms.JoinAsync("closed", 1))!;
        ChatClosedException fromThrow = Assert.ThrowsAsync<ChatClosedException>(async () => await _rooms.ThrowAsync("closed"))!;

        Assert.That((fromJoin.Reason, fromThrow.Reason, fromThrow.Message), Is.EqualTo(("maintenance", "maintenance", "The chat is closed: maintenance")));
    }

    [Test]
    public void FaultOfAnotherMethod_ArrivesAsRemoteException()
    {
        RemoteException error = Assert.ThrowsAsync<RemoteException>(async () => await _rooms.ThrowAsync("room"))!;

        Assert.That((error.RemoteType, error.Message), Is.EqualTo((typeof(RoomNotFoundException).FullName, "declared elsewhere only")));
    }

    [Test]
    public void UndeclaredSubclassOfAFault_ArrivesAsRemoteException_NeverSliced()
    {
        RemoteException error = Assert.ThrowsAsync<RemoteException>(() => _rooms.JoinAsync("archived", 1))!;

        Assert.That((error.RemoteType, error.Message), Is.EqualTo((typeof(ArchivedRoomException).FullName, "Room 'archived' was archived.")));
    }

    [Test]
    public async Task Stream_EndsWithDeclaredFault_ConsumerGetsItAfterTheItems(CancellationToken cancellationToken)
    {
        var items = new List<int>();

        RoomNotFoundException error = Assert.ThrowsAsync<RoomNotFoundException>(async () =>
        {
            await foreach (int seat in _rooms.SeatsAsync("cellar", 3).WithCancellation(cancellationToken))
                items.Add(seat);
        })!;

        Assert.That((items.Count, error.Room), Is.EqualTo((3, "cellar")));
    }

    [Test]
    public async Task Callback_ThrowsDeclaredFault_ServerCatchesItAsItself(CancellationToken cancellationToken)
    {
        string answer = await _rooms.AskWatcherAsync(new LobbyWatcher(), "attic").AsTask().WaitAsync(cancellationToken);

        Assert.That(answer, Is.EqualTo("RoomNotFoundException attic: The watcher knows no room 'attic'."));
        Assert.That(await _rooms.AskWatcherAsync(new LobbyWatcher(), "lobby"), Is.EqualTo("seats 40"));
    }

    [Test]
    public async Task FaultTheCallerCannotBuild_FailsThatCallOnly(CancellationToken cancellationToken)
    {
        // The server sends Limit = -1, which the fault's constructor refuses when the caller builds it.
        RompException error = Assert.ThrowsAsync<RompException>(() => _rooms.JoinAsync("quota", 1))!;

        Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.Contain("over quota").And.Contain("could not be read"));
        await _rooms.JoinAsync("lobby", 1).WaitAsync(cancellationToken);
        Assert.That(_client.State, Is.EqualTo(RompConnectionState.Connected));
    }
}
