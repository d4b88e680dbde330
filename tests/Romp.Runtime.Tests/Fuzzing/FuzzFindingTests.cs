using Romp.Fuzz;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;
using Romp.Tests.Support;

namespace Romp.Tests.Fuzzing;

/// <summary>
/// Minimal deterministic reproductions of what the fuzzer found, one per bug: [Explicit] while the runtime has the bug,
/// a regression test once it is fixed. The fuzz pass keeps the assertion that caught each.
/// </summary>
[Category("Socket")]
public sealed class FuzzFindingTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task RequestBlock_MethodThatDoesNotStream_IsRefusedWithoutRunningIt(CancellationToken cancellationToken)
    {
        var monitor = CallMonitor.Strict("target", new FuzzFindings());
        await using RompServer server = await StartAsync(monitor, cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);
        uint target = await peer.ResolveAsync("target", IFuzzTargetContract.Name, cancellationToken);

        // AddAsync(5, 6) with a valid checksum, but as a stream call: initial credit 0 between method id and arguments.
        var payload = new List<byte>();
        FrameBuilder.CallHead(payload, target, FuzzMethods.Add, credit: 0);
        FrameBuilder.UInt32(payload, 5);
        FrameBuilder.UInt32(payload, 6);
        FrameBuilder.Int64(payload, CallFingerprint.Add(5, 6));
        await peer.SendAsync(FrameBuilder.Frame(WireType.RequestBlock, 7, payload.ToArray()), cancellationToken);
        (byte type, uint callId, byte[] answer) = await peer.ReadFrameAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That((type, callId, answer[0]), Is.EqualTo((WireType.Exception, 7u, (byte)RompError.InvalidMessage)));
            Assert.That(monitor.Calls, Is.Zero, "AddAsync ran for a call the protocol refuses");
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Request_MethodThatStreams_IsRefusedWithoutRunningIt(CancellationToken cancellationToken)
    {
        var monitor = CallMonitor.Strict("target", new FuzzFindings());
        await using RompServer server = await StartAsync(monitor, cancellationToken);
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(server.Endpoint, cancellationToken);
        uint target = await peer.ResolveAsync("target", IFuzzTargetContract.Name, cancellationToken);

        var payload = new List<byte>();
        FrameBuilder.CallHead(payload, target, FuzzMethods.Range);
        FrameBuilder.UInt32(payload, 5);
        FrameBuilder.UInt32(payload, 6);
        FrameBuilder.Int64(payload, CallFingerprint.Range(5, 6));
        await peer.SendAsync(FrameBuilder.Frame(WireType.Request, 7, payload.ToArray()), cancellationToken);
        (byte type, uint callId, byte[] answer) = await peer.ReadFrameAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That((type, callId, answer[0]), Is.EqualTo((WireType.Exception, 7u, (byte)RompError.InvalidMessage)));
            Assert.That(monitor.Calls, Is.Zero, "RangeAsync ran for a call the protocol refuses");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public void TryRequest_RacingReset_LeavesNoUnobservedException(CancellationToken cancellationToken)
    {
        // CancelAsync on a disposed source does not throw: it returns a faulted task (ObjectDisposedException, no stack
        // trace), so TryRequest's catch never runs and the task is dropped. The fuzzer saw these as unobserved task
        // exceptions when a CANCEL, or a connection closing, met a call that was just finishing.
        var unobserved = new List<Exception>();
        void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
        {
            lock (unobserved)
                unobserved.AddRange(e.Exception.InnerExceptions);
            e.SetObserved();
        }

        TaskScheduler.UnobservedTaskException += OnUnobserved;
        try
        {
            var cancellation = new Romp.Rpc.CallCancellation();
            using var start = new Barrier(2);
            // Bounded in count and time: the race is lost within a few thousand rounds on two cores.
            for (int round = 0; round < 20_000 && !cancellationToken.IsCancellationRequested; round++)
            {
                _ = cancellation.Token;
                int generation = cancellation.Generation;
                var request = Task.Run(() =>
                {
                    start.SignalAndWait(cancellationToken);
                    cancellation.TryRequest(generation);
                }, cancellationToken);
                start.SignalAndWait(cancellationToken);
                cancellation.Reset();
                request.Wait(cancellationToken);
            }

            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }
        finally
        {
            TaskScheduler.UnobservedTaskException -= OnUnobserved;
        }

        Assert.That(unobserved, Is.Empty);
    }

    private static async Task<RompServer> StartAsync(CallMonitor monitor, CancellationToken cancellationToken)
    {
        var server = new RompServer("tcp://127.0.0.1:0");
        server.Bind<IFuzzTarget>("target", new FuzzTarget(monitor));
        await server.StartAsync(cancellationToken);
        return server;
    }
}
