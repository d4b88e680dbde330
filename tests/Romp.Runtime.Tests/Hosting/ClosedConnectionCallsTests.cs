using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Hosting;

/// <summary>
/// A connection leaves <see cref="RompServer.ConnectionCount"/> as soon as it closes, while the calls it had received
/// still run, cancelled: <c>WhenClosedConnectionsFinishedAsync</c> is what says they are over (the fuzzer's oracle
/// waits on it before it forgets the calls it sent).
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class ClosedConnectionCallsTests
{
    // ICalculator's method id, as the generator numbers them (protocol.md §4.3): declaration order from 1.
    private static readonly ushort SlowMethodId = RawPeer.MethodId<ICalculator>("SlowAsync");

    [Test]
    public async Task WhenClosedConnectionsFinished_CallOutlivesItsConnection_CompletesOnlyWhenTheCallEnds(CancellationToken cancellationToken)
    {
        var calculator = new Calculator();
        await using var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<ICalculator>("calc", calculator);
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        server.ConnectionClosed += (_, _) => closed.TrySetResult();
        await server.StartAsync(cancellationToken);
        await using (RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken))
        {
            uint calc = await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
            await peer.SendAsync(RawPeer.Frame(1, 7, RawPeer.Call(calc, SlowMethodId, [])), cancellationToken);
            await calculator.SlowCallStarted.Task.WaitAsync(cancellationToken);
        }

        await closed.Task.WaitAsync(cancellationToken);
        Task finished = server.WhenClosedConnectionsFinishedAsync();
        Assert.That(server.ConnectionCount, Is.Zero, "the connection is gone from the count");
        Assert.That(finished.IsCompleted, Is.False, "while the call it received still runs");

        calculator.ReleaseSlowCalls();
        await finished.WaitAsync(cancellationToken);
        await server.WhenClosedConnectionsFinishedAsync().WaitAsync(cancellationToken);
    }
}
