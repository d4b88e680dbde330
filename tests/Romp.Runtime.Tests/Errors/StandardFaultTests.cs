using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Errors;

/// <summary>
/// The base library's exceptions that come back as themselves without being declared, over loopback sockets: each with
/// its message, and the argument ones with their parameter name.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class StandardFaultTests
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

    [TestCase("argument", typeof(ArgumentException))]
    [TestCase("argument-null", typeof(ArgumentNullException))]
    [TestCase("invalid-operation", typeof(InvalidOperationException))]
    [TestCase("disposed", typeof(ObjectDisposedException))]
    [TestCase("key-not-found", typeof(KeyNotFoundException))]
    [TestCase("not-supported", typeof(NotSupportedException))]
    [TestCase("timeout", typeof(TimeoutException))]
    [TestCase("unauthorized", typeof(UnauthorizedAccessException))]
    [TestCase("format", typeof(FormatException))]
    public async Task StandardException_Thrown_ArrivesAsItselfWithItsMessage(string kind, Type type)
    {
        Exception thrown = Rooms.Make(kind);

        Exception error = Assert.CatchAsync(async () => await _rooms.ThrowAsync(kind))!;

        Assert.That(error.GetType(), Is.EqualTo(type));
        Assert.That(error.Message, Is.EqualTo(thrown.Message));
        await _rooms.JoinAsync("lobby", 1);
    }

    [TestCase("argument", "seat")]
    [TestCase("argument-null", "room")]
    [TestCase("argument-range", "seats")]
    public void ArgumentException_Thrown_KeepsItsParameterName(string kind, string parameter)
    {
        ArgumentException error = Assert.CatchAsync<ArgumentException>(async () => await _rooms.ThrowAsync(kind))!;

        Assert.That(error.ParamName, Is.EqualTo(parameter));
        Assert.That(error.Message, Does.Contain($"'{parameter}'").And.Not.Contain($"'{parameter}') (Parameter"), "the name is added once, not twice");
    }

    [Test]
    public void ArgumentOutOfRange_WithActualValue_KeepsItInTheMessage()
    {
        ArgumentOutOfRangeException error = Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _rooms.ThrowAsync("argument-range"))!;

        // ActualValue (an object) does not travel; its line stays in the message, before the parameter name.
        Assert.That(error.Message, Does.StartWith("too many seats").And.Contain("Actual value was 99.").And.EndWith("(Parameter 'seats')"));
        Assert.That(error.ActualValue, Is.Null);
    }

    [Test]
    public void ObjectDisposed_Thrown_KeepsItsObjectName()
    {
        ObjectDisposedException error = Assert.ThrowsAsync<ObjectDisposedException>(async () => await _rooms.ThrowAsync("disposed"))!;

        Assert.That((error.ObjectName, error.Message), Is.EqualTo(("Rooms", Rooms.Make("disposed").Message)));
    }
}
