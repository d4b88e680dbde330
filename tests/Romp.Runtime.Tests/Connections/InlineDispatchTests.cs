using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Connections;

/// <summary>
/// The low-latency settings: calls and answers run on the read thread itself (InlineDispatch), and socket readers poll
/// before they park (ReceiveSpin). Calls that await must work as before; a synchronous call from the read thread, which
/// would wait forever, must fail at once.
/// </summary>
[TestFixture(Transports.Tcp)]
[TestFixture(Transports.Unix)]
[TestFixture(Transports.Inproc)]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class InlineDispatchTests(string transport)
{
    private RompServer _server = null!;
    private RompClient _client = null!;
    private IPingPong _remote = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _server = new RompServer(Transports.NewEndpoint(transport), new RompServerOptions { InlineDispatch = true, ReceiveSpin = TimeSpan.FromMicroseconds(20) });
        _server.Bind<IPingPong>("pingpong", new PingPong("server"));
        await _server.StartAsync();
        _client = await RompClient.ConnectAsync(_server.Endpoint, new RompClientOptions { InlineDispatch = true, ReceiveSpin = TimeSpan.FromMicroseconds(20) });
        _remote = await _client.ResolveAsync<IPingPong>("pingpong");
    }

    [TearDown]
    public async Task StopAsync()
    {
        await _client.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Test]
    public async Task AsyncCallsBackAndForth_BothSidesInline_Complete()
    {
        var local = new PingPong("client");

        int depth = await _remote.PingAsync(8, local);

        Assert.That(depth, Is.EqualTo(8));
        Assert.That(local.Calls, Is.EqualTo(4));
    }

    [Test]
    public async Task ManyConcurrentCalls_BothSidesInline_AllComplete()
    {
        var local = new PingPong("client");
        var calls = new Task<int>[64];
        for (int i = 0; i < calls.Length; i++)
            calls[i] = _remote.PingAsync(i % 4, local).AsTask();

        int[] depths = await Task.WhenAll(calls);

        Assert.That(depths, Is.EqualTo(Enumerable.Range(0, calls.Length).Select(static i => i % 4).ToArray()));
    }

    [Test]
    public void SynchronousCallFromTheReadThread_FailsInsteadOfHanging()
    {
        // The server runs Ping on its read thread, and Ping calls back into the client synchronously.
        var local = new PingPong("client");

        // The InvalidOperationException comes back as itself (the base library's allow-list).
        InvalidOperationException? error = Assert.Throws<InvalidOperationException>(() => _remote.Ping(2, local));

        Assert.That(error!.Message, Does.Contain("InlineDispatch"));
        Assert.That(local.Calls, Is.Zero);
    }
}
