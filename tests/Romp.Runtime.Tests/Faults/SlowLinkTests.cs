using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// A slow path (25 ms each way, 4 MiB/s each way, from the first byte of the handshake on): every kind of call still
/// gives the right answer, only later.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class SlowLinkTests : ProxiedServerFixture
{
    private static readonly TimeSpan s_latency = TimeSpan.FromMilliseconds(25);
    private const long BytesPerSecond = 4L * 1024 * 1024;

    protected override void ConfigureLink(ProxiedConnection link) => link.SetBoth(s_latency, BytesPerSecond);

    [Test]
    public async Task Calls_SlowLink_AnswersCorrectAndEachWaitsARoundTrip(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);

        var clock = Stopwatch.StartNew();
        int single = await calc.AddAsync(2, 40, cancellationToken);
        TimeSpan roundTrip = clock.Elapsed;
        int[] sums = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => calc.AddAsync(i, 1000, cancellationToken).AsTask()));

        Assert.That(single, Is.EqualTo(42));
        Assert.That(roundTrip, Is.GreaterThanOrEqualTo(2 * s_latency), "the latency was in effect");
        Assert.That(sums, Is.EqualTo(Enumerable.Range(1000, 64).ToArray()));
        Assert.That(calc.Multiply(6, 7), Is.EqualTo(42), "a synchronous call too");
    }

    [Test]
    public async Task Stream_SlowLink_EveryItemInOrder(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);

        var items = new List<int>();
        await foreach (int item in calc.RangeAsync(0, 300, cancellationToken))
            items.Add(item);

        // 300 items take several credit round trips at the default window of 64.
        Assert.That(items, Is.EqualTo(Enumerable.Range(0, 300).ToArray()));
    }

    [Test]
    public async Task LargeArgument_OneMebibyteOverSlowLink_EchoedIntact(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        var data = new byte[1024 * 1024];
        new Random(7).NextBytes(data);
        long upBefore = Link.ClientToServer.BytesForwarded;

        var clock = Stopwatch.StartNew();
        byte[] echoed = await calc.EchoBytesAsync(data);

        Assert.That(echoed, Is.EqualTo(data));
        // A mebibyte each way at 4 MiB/s is half a second, less the first slice of each direction.
        Assert.That(clock.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(400)), "the bandwidth limit was in effect");
        Assert.That(Link.ClientToServer.BytesForwarded - upBefore, Is.GreaterThan(data.Length));
    }
}
