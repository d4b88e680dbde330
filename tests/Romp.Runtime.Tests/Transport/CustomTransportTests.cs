using Romp.Tests.Contracts;
using Romp.Tests.Support;
using Romp.Transport;

namespace Romp.Tests.Transport;

/// <summary>
/// Pluggable transports: a scheme of the tests' own (<c>pipe://</c>, <see cref="NamedPipeTransport"/>) added to the
/// server's and the client's options carries RompServer and RompClient end to end; schemes nobody serves are refused.
/// </summary>
[TestFixture]
[CancelAfter(15_000)]
public sealed class CustomTransportTests
{
    [Test]
    [Category("Socket")] // named pipes are Unix-domain sockets on Linux
    public async Task CustomTransport_OnBothSides_CarriesCallsAndCallbacks(CancellationToken cancellationToken)
    {
        var serverTransport = new NamedPipeTransport();
        var clientTransport = new NamedPipeTransport();
        string endpoint = NamedPipeTransport.NewEndpoint();
        await using RompServer server = await StartServerAsync(endpoint, serverTransport, cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(endpoint, ClientOptions(clientTransport), cancellationToken);
        IGreeter greeter = await client.ResolveAsync<IGreeter>("greeter", cancellationToken);
        IPublisher publisher = await client.ResolveAsync<IPublisher>("publisher", cancellationToken);
        var listener = new RecordingListener();
        await publisher.SubscribeAsync(listener);

        Assert.That(server.Endpoint, Is.EqualTo(endpoint));
        Assert.That(client.Endpoint, Is.EqualTo(endpoint));
        Assert.That(await greeter.GreetAsync("pipe"), Is.EqualTo("hello pipe"));
        Assert.That(await publisher.PublishAsync("over the pipe"), Is.EqualTo(1));
        Assert.That(listener.Events, Is.EqualTo(new[] { "over the pipe" }));
        Assert.That((serverTransport.Accepted, clientTransport.Connected), Is.EqualTo((1, 1)), "both ends went through the custom transport");
    }

    [Test]
    [Category("Socket")]
    public async Task CustomTransport_TwoClients_EachAcceptedOnItsOwnPipe(CancellationToken cancellationToken)
    {
        var serverTransport = new NamedPipeTransport();
        var clientTransport = new NamedPipeTransport();
        string endpoint = NamedPipeTransport.NewEndpoint();
        await using RompServer server = await StartServerAsync(endpoint, serverTransport, cancellationToken);

        await using RompClient first = await RompClient.ConnectAsync(endpoint, ClientOptions(clientTransport), cancellationToken);
        await using RompClient second = await RompClient.ConnectAsync(endpoint, ClientOptions(clientTransport), cancellationToken);
        IGreeter one = await first.ResolveAsync<IGreeter>("greeter", cancellationToken);
        IGreeter two = await second.ResolveAsync<IGreeter>("greeter", cancellationToken);

        Assert.That(await Task.WhenAll(one.GreetAsync("one").AsTask(), two.GreetAsync("two").AsTask()), Is.EqualTo(new[] { "hello one", "hello two" }));
        Assert.That((serverTransport.Accepted, clientTransport.Connected), Is.EqualTo((2, 2)));
    }

    [Test]
    [Category("Socket")]
    public async Task CustomTransport_ServerStops_ClientClosesWithListenerKilled(CancellationToken cancellationToken)
    {
        string endpoint = NamedPipeTransport.NewEndpoint();
        RompServer server = await StartServerAsync(endpoint, new NamedPipeTransport(), cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(endpoint, ClientOptions(new NamedPipeTransport()), cancellationToken);
        IGreeter greeter = await client.ResolveAsync<IGreeter>("greeter", cancellationToken);
        Assert.That(await greeter.GreetAsync("before"), Is.EqualTo("hello before"));

        await server.DisposeAsync();
        await client.Completion.WaitAsync(cancellationToken);

        Assert.That(client.CloseReason?.Error, Is.EqualTo(RompError.ListenerKilled), "an orderly GOODBYE crossed the custom transport");
    }

    [Test]
    public void Server_UnknownScheme_ArgumentExceptionNamesTheEndpoint() =>
        Assert.That(() => new RompServer("nope://thing"),
            Throws.ArgumentException.With.Message.Contains("'nope://thing'").And.Message.Contains("unknown scheme 'nope'"));

    [Test]
    public void Client_UnknownScheme_ArgumentExceptionNamesTheEndpoint() =>
        Assert.That(async () => await RompClient.ConnectAsync("nope://thing"),
            Throws.ArgumentException.With.Message.Contains("'nope://thing'").And.Message.Contains("unknown scheme 'nope'"));

    [Test]
    public void Client_SchemeAddedOnlyToTheServersOptions_ArgumentException()
    {
        string endpoint = NamedPipeTransport.NewEndpoint();
        var serverOptions = new RompServerOptions();
        serverOptions.Transports.Add(new NamedPipeTransport());
        Assert.That(() => new RompServer(endpoint, serverOptions), Throws.Nothing);

        Assert.That(async () => await RompClient.ConnectAsync(endpoint),
            Throws.ArgumentException.With.Message.Contains(endpoint).And.Message.Contains("unknown scheme 'pipe'"));
    }

    [Test]
    public void Server_UnknownScheme_MessageListsTheSchemesThereAre()
    {
        var options = new RompServerOptions();
        options.Transports.Add(new NamedPipeTransport());

        Assert.That(() => new RompServer("nope://thing", options),
            Throws.ArgumentException.With.Message.Contains("tcp").And.Message.Contains("unix").And.Message.Contains("inproc").And.Message.Contains("pipe"));
    }

    [Test]
    public void Server_AddressTheCustomTransportRejects_ArgumentExceptionFromItsValidate()
    {
        var options = new RompServerOptions();
        options.Transports.Add(new NamedPipeTransport());

        Assert.That(() => new RompServer("pipe://not/a/name", options),
            Throws.ArgumentException.With.Message.Contains("'pipe://not/a/name'").And.Message.Contains("no '/'"));
    }

    [TestCase("")]
    [TestCase(null)]
    [TestCase("Pipe")]
    [TestCase("PIPE")]
    [TestCase("pi:pe")]
    [TestCase("pi/pe")]
    [TestCase("pipe://")]
    public void Add_BadScheme_ArgumentException(string? scheme)
    {
        var transports = new RompTransportCollection();

        Assert.That(() => transports.Add(new FakeTransport(scheme!)), Throws.ArgumentException);
        Assert.That(transports.Select(static t => t.Scheme), Is.EquivalentTo(new[] { "tcp", "tls", "unix", "inproc" }), "a refused transport is not added");
    }

    [Test]
    public void Add_Null_ArgumentNullException() =>
        Assert.That(() => new RompTransportCollection().Add(null!), Throws.ArgumentNullException);

    [Test]
    public void New_NothingAdded_HasTheBuiltInTransports()
    {
        var transports = new RompTransportCollection();

        Assert.That(transports.Select(static t => t.Scheme), Is.EquivalentTo(new[] { "tcp", "tls", "unix", "inproc" }));
        Assert.That(transports.Find("pipe"), Is.Null);
    }

    [Test]
    public async Task Add_SchemeOfABuiltIn_ReplacesItForTheServer(CancellationToken cancellationToken)
    {
        var fake = new FakeTransport("inproc");
        var options = new RompServerOptions();
        options.Transports.Add(fake);
        await using var server = new RompServer(Transports.NewEndpoint(Transports.Inproc), options);

        RompException? error = Assert.ThrowsAsync<RompException>(() => server.StartAsync(cancellationToken));

        Assert.That(options.Transports.Find("inproc"), Is.SameAs(fake));
        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
        Assert.That(fake.Listens, Is.EqualTo(1), "StartAsync listened through the replacement");
    }

    private static async Task<RompServer> StartServerAsync(string endpoint, NamedPipeTransport transport, CancellationToken cancellationToken)
    {
        var options = new RompServerOptions();
        options.Transports.Add(transport);
        var server = new RompServer(endpoint, options);
        server.Bind<IGreeter>("greeter", new Greeter());
        server.Bind<IPublisher>("publisher", new Publisher());
        await server.StartAsync(cancellationToken);
        return server;
    }

    private static RompClientOptions ClientOptions(RompTransport transport)
    {
        var options = new RompClientOptions();
        options.Transports.Add(transport);
        return options;
    }

    /// <summary>A transport that connects and listens nowhere, with whatever scheme it is given.</summary>
    private sealed class FakeTransport(string scheme) : RompTransport
    {
        public int Listens;

        public override string Scheme => scheme;

        public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
            throw new RompException(RompError.AccessFailed, "the fake transport connects nowhere");

        public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Listens);
            throw new RompException(RompError.AccessFailed, "the fake transport listens nowhere");
        }
    }
}
