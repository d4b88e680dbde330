using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>A trailing CancellationToken crosses the wire: cancelling it cancels the remote call.</summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class CancellationTests(string transport) : ServerFixture(transport)
{
    [Test]
    public async Task Cancel_WhileRunning_FiresServerTokenAndCallerGetsCanceled(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        using var cts = new CancellationTokenSource();
        ValueTask<int> call = calc.WaitForCancellationAsync(cts.Token);
        await Calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        cts.Cancel();

        OperationCanceledException? error = Assert.ThrowsAsync<OperationCanceledException>(async () => await call);
        Assert.That(error!.CancellationToken, Is.EqualTo(cts.Token));
        await Calculator.ServerCancellations.Task.WaitAsync(cancellationToken);
        Assert.That(await calc.AddAsync(2, 2, cancellationToken), Is.EqualTo(4));
    }

    [Test]
    public async Task Cancel_BeforeSending_FailsWithoutCallingTheServer(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        Assert.ThrowsAsync<TaskCanceledException>(async () => await calc.WaitForCancellationAsync(cts.Token));

        // SYNC is answered once everything sent before it has run: had the call gone out, it would have started
        // (and, never finishing, would hold this SYNC until the test's own timeout fails it).
        await Client.SyncAsync(cancellationToken);
        Assert.That(Calculator.WaitingForCancellation.Task.IsCompleted, Is.False);
    }

    [Test]
    public async Task Cancel_StreamToken_StopsProducerAndEndsEnumeration(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        using var cts = new CancellationTokenSource();
        int received = 0;

        Assert.CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (int item in calc.RangeAsync(0, int.MaxValue, cts.Token))
            {
                if (++received == 50)
                    cts.Cancel();
            }
        });

        await Calculator.ProducerStopped.Task.WaitAsync(cancellationToken);
        Assert.That(received, Is.GreaterThanOrEqualTo(50));
    }

    [Test]
    public async Task ServerStopsOutOfPatience_CallInFlight_ServerTokenFiresAndCallerGetsListenerKilled(CancellationToken cancellationToken)
    {
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc", cancellationToken);
        ValueTask<int> call = calc.WaitForCancellationAsync(CancellationToken.None);
        await Calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        // An already-cancelled token: stop without waiting for calls in flight.
        await Server.StopAsync(new CancellationToken(canceled: true)).WaitAsync(cancellationToken);

        await Calculator.ServerCancellations.Task.WaitAsync(cancellationToken);
        RompException? error = Assert.ThrowsAsync<RompException>(async () => await call);
        Assert.That(error!.Error, Is.EqualTo(RompError.ListenerKilled));
    }

    [Test]
    public async Task ClientDisposed_WhileCallRuns_ServerTokenFires(CancellationToken cancellationToken)
    {
        RompClient client = await ConnectAsync();
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc", cancellationToken);
        ValueTask<int> call = calc.WaitForCancellationAsync(CancellationToken.None);
        await Calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        await client.DisposeAsync();

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await call);
        Assert.That(error!.Error, Is.EqualTo(RompError.ClosedConnection));
        await Calculator.ServerCancellations.Task.WaitAsync(cancellationToken);
    }
}
