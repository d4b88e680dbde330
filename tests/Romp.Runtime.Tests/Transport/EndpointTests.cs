using System.Net.Sockets;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Transport;

[CancelAfter(30_000)]
public sealed class EndpointTests
{
    [Test]
    [Category("Socket")]
    public async Task Tcp_Ipv6Loopback_ServesCalls(CancellationToken cancellationToken)
    {
        if (!Socket.OSSupportsIPv6)
            Assert.Ignore("IPv6 is not available on this machine.");
        await using var server = new RompServer("tcp://[::1]:0");
        server.Bind<IGreeter>("greeter", new Greeter());
        await server.StartAsync(cancellationToken);

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        IGreeter greeter = await client.ResolveAsync<IGreeter>("greeter", cancellationToken);

        Assert.That(server.Endpoint, Does.StartWith("tcp://[::1]:"));
        Assert.That(await greeter.GreetAsync("v6"), Is.EqualTo("hello v6"));
    }

    [Test]
    [Category("Socket")]
    public async Task Tcp_PortZero_EndpointReportsTheChosenPort(CancellationToken cancellationToken)
    {
        await using var server = new RompServer("tcp://127.0.0.1:0");
        await server.StartAsync(cancellationToken);

        Assert.That(server.Endpoint, Does.Match(@"^tcp://127\.0\.0\.1:[1-9][0-9]*$"));
    }

    [Test]
    [Category("Socket")]
    public async Task Unix_StaleSocketFileFromDeadProcess_IsReplaced(CancellationToken cancellationToken)
    {
        string path = Path.Combine(Path.GetTempPath(), $"romp-stale-{Guid.NewGuid():N}.sock");
        // Bound but never listening: to a connecting process, exactly what the file of a listener that died looks like.
        using var dead = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        dead.Bind(new UnixDomainSocketEndPoint(path));
        Assert.That(File.Exists(path), Is.True);

        await using var server = new RompServer($"unix://{path}");
        server.Bind<IGreeter>("greeter", new Greeter());
        await server.StartAsync(cancellationToken);
        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);

        Assert.That(await (await client.ResolveAsync<IGreeter>("greeter", cancellationToken)).GreetAsync("unix"), Is.EqualTo("hello unix"));
    }

    [Test]
    public async Task Inproc_NameInUse_SecondServerFailsWithAccessFailed(CancellationToken cancellationToken)
    {
        string endpoint = Transports.NewEndpoint(Transports.Inproc);
        await using var first = new RompServer(endpoint);
        await first.StartAsync(cancellationToken);
        await using var second = new RompServer(endpoint);

        RompException? error = Assert.ThrowsAsync<RompException>(() => second.StartAsync(cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
    }

    [Test]
    public void Connect_NothingListening_FailsWithAccessFailed()
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync(Transports.NewEndpoint(Transports.Inproc)));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessFailed));
    }

    [TestCase("127.0.0.1:80")]
    [TestCase("http://127.0.0.1:80")]
    [TestCase("tcp://127.0.0.1")]
    [TestCase("tcp://127.0.0.1:99999")]
    [TestCase("unix://")]
    [TestCase("inproc://")]
    public void Server_MalformedEndpoint_ThrowsArgumentException(string endpoint) =>
        Assert.That(() => new RompServer(endpoint), Throws.ArgumentException.With.Message.Contains(endpoint));
}
