using System.Diagnostics;
using System.Diagnostics.Metrics;
using Romp.Tests.Support;

namespace Romp.Tests.Telemetry;

/// <summary>
/// A listener whose every callback throws: Romp calls into telemetry under its output's lock, on its read loop and in
/// its shutdown, so such a listener must cost it nothing but the telemetry itself. Every call still gets its answer.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ThrowingListenerTests
{
    [Test]
    public async Task EveryCallbackThrows_CallsOfEveryShapeStillWorkAndConnectionsCloseInOrder(CancellationToken cancellationToken)
    {
        int thrown = 0;
        using var spans = new ActivityListener
        {
            ShouldListenTo = static source => source.Name == RompTelemetry.ActivitySourceName,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => throw new InvalidOperationException($"started {Interlocked.Increment(ref thrown)}"),
            ActivityStopped = _ => throw new InvalidOperationException($"stopped {Interlocked.Increment(ref thrown)}"),
        };
        ActivitySource.AddActivityListener(spans);
        using var metrics = new MeterListener
        {
            InstrumentPublished = static (instrument, listener) =>
            {
                if (instrument.Meter.Name == RompTelemetry.MeterName)
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        metrics.SetMeasurementEventCallback<long>((_, _, _, _) => throw new InvalidOperationException($"long {Interlocked.Increment(ref thrown)}"));
        metrics.SetMeasurementEventCallback<double>((_, _, _, _) => throw new InvalidOperationException($"double {Interlocked.Increment(ref thrown)}"));
        metrics.Start();

        var traced = new Traced();
        await using var server = new RompServer(Transports.NewEndpoint(Transports.Tcp));
        server.Bind<ITraced>("traced", traced);
        await server.StartAsync();
        RompClient client = await RompClient.ConnectAsync(server.Endpoint, cancellationToken: cancellationToken);
        ITraced proxy = await client.ResolveAsync<ITraced>("traced", cancellationToken);

        Assert.That(await proxy.AddAsync(2, 40), Is.EqualTo(42));
        Assert.That(Assert.ThrowsAsync<InvalidOperationException>(async () => await proxy.FailAsync("boom"))!.Message, Is.EqualTo("boom"));
        Assert.That(await proxy.CallBackAsync(new UpperCallback(), "hi"), Is.EqualTo("server(HI)"));
        var items = new List<int>();
        await foreach (int item in proxy.RangeAsync(3))
            items.Add(item);
        Assert.That(items, Is.EqualTo(new[] { 0, 1, 2 }));
        proxy.Tick(1);
        await proxy.TickSyncAsync(2);
        await client.SyncAsync(cancellationToken);
        Assert.That(traced.Ticks, Is.EqualTo(2));

        await client.DisposeAsync();
        await client.Completion.WaitAsync(cancellationToken);
        Assert.That(Volatile.Read(ref thrown), Is.GreaterThan(10), "the listener was called, and threw, all along");
    }
}
