using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// The path is cut under calls in flight, by a reset or by a FIN on both sides. Neither is a GOODBYE, so both are a
/// broken connection (docs/protocol.md §3.10): every pending call fails with ConnectionBroken at once, on both sides.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class CutTests : ProxiedServerFixture
{
    private static readonly TimeSpan s_failWithin = TimeSpan.FromSeconds(2);

    [TestCase(ProxyCut.Reset)]
    [TestCase(ProxyCut.Fin)]
    public async Task Cut_MidCall_EveryPendingCallFailsWithConnectionBroken(ProxyCut how, CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        RompConnection serverSide = ServerSideOfLink();
        Task<int>[] slow = Enumerable.Range(0, 3).Select(_ => calc.SlowAsync()).ToArray();
        Task<int> waiting = calc.WaitForCancellationAsync(CancellationToken.None).AsTask();
        Task<int> streamed = CountUntilFailureAsync(calc.RangeAsync(0, int.MaxValue, CancellationToken.None));
        await Calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);
        await Calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        var clock = Stopwatch.StartNew();
        Link.Cut(how);

        foreach (Task call in (Task[])[.. slow, waiting, streamed])
        {
            var error = Assert.CatchAsync<RompException>(async () => await call.WaitAsync(s_failWithin, cancellationToken));
            Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        }

        await Proxied.Completion.WaitAsync(s_failWithin, cancellationToken);
        TimeSpan failedAfter = clock.Elapsed;
        Assert.That(failedAfter, Is.LessThan(s_failWithin));
        Assert.That(Proxied.IsConnected, Is.False);
        Assert.That(Proxied.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        if (how == ProxyCut.Fin)
            Assert.That(Proxied.CloseReason.Message, Does.Contain("without saying goodbye"));
        await serverSide.Completion.WaitAsync(s_failWithin, cancellationToken);
        Assert.That(serverSide.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken), "the server's side broke too");
        await Calculator.ServerCancellations.Task.WaitAsync(s_failWithin, cancellationToken);
        TestContext.Out.WriteLine($"{how}: every call failed and the client closed {failedAfter.TotalMilliseconds:0} ms after the cut");
        await AssertDirectClientServedAsync();
    }

    // Takes items until the stream fails; an error is what the test expects.
    private static async Task<int> CountUntilFailureAsync(IAsyncEnumerable<int> items)
    {
        int count = 0;
        await foreach (int _ in items)
            count++;
        return count;
    }

    private async Task AssertDirectClientServedAsync()
    {
        ICalculator direct = await Client.ResolveAsync<ICalculator>("calc");
        Assert.That(await direct.AddAsync(1, 2), Is.EqualTo(3), "the server serves its other clients on");
    }
}
