using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// Keepalive against a black hole (a half-open connection): a client that pings after 200 ms of silence and gives up
/// 500 ms after that fails its pending calls and closes within the timeout plus one interval (plus scheduling slack),
/// where without keepalive it would wait until the operating system gave up.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class KeepAliveTests : ProxiedServerFixture
{
    private static readonly TimeSpan s_detectWithin = TimeSpan.FromSeconds(2);

    protected override RompClientOptions? ProxiedClientOptions => new()
    {
        KeepAliveInterval = TimeSpan.FromMilliseconds(200),
        KeepAliveTimeout = TimeSpan.FromMilliseconds(500),
    };

    [Test]
    public async Task BlackHoleBothWays_KeepAliveTimesOut_PendingCallFailsAndClientCloses(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        Task<int> pending = calc.SlowAsync();
        await Calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);

        Link.ClientToServer.BlackHole = true;
        Link.ServerToClient.BlackHole = true;
        var clock = Stopwatch.StartNew();

        var error = Assert.CatchAsync<RompException>(async () => await pending.WaitAsync(s_detectWithin, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        Assert.That(error.Message, Does.Contain("KeepAliveInterval + KeepAliveTimeout"));
        await Proxied.Completion.WaitAsync(s_detectWithin, cancellationToken);
        Assert.That(clock.Elapsed, Is.LessThan(s_detectWithin));
        Assert.That(Proxied.IsConnected, Is.False);
        Assert.That(Proxied.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(Link.ClientToServer.FramesDropped, Is.GreaterThanOrEqualTo(1), "the client's pings went into the hole");
        Assert.That(Link.IsCut, Is.False, "the proxy kept both TCP connections open: only the keepalive could tell");
    }
}
