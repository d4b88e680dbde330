using System.Collections.Concurrent;
using System.Diagnostics;
using Romp.StdioPeer;
using Romp.Tests.Distributed;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// A client process holding 1,000 of the server's objects by reference is killed with SIGKILL in the middle of a call:
/// the server must see the connection break, give every reference back, and let the objects be collected.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(30_000)]
public sealed class ClientKillTests() : ServerFixture(Transports.Tcp)
{
    private const int Held = 1000;
    private const int CollectAttempts = 10;

    [Test]
    public async Task ClientKilledMidCall_HoldingThousandReferences_ServerReleasesAllAndObjectsCollectable(CancellationToken cancellationToken)
    {
        var source = new ItemSource();
        Server.Bind<IItemSource>(IItemSource.Name, source);
        var closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, e) => closed.TrySetResult(e);
        int baseline = ServerExports();

        await using PeerProcess child = PeerProcess.Start("client", Server.Endpoint, Held.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.That(await child.ReadLineAsync(cancellationToken), Is.EqualTo("ready"), child.Stderr);
        RompConnection childSide = await source.Hanging.Task.WaitAsync(cancellationToken);
        int whileHeld = childSide.Exports.Count;

        var clock = Stopwatch.StartNew();
        child.Kill();
        RompConnectionClosedEventArgs ended = await closed.Task.WaitAsync(cancellationToken);
        TimeSpan noticed = clock.Elapsed;
        await source.HangCancelled.Task.WaitAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        int stillAlive = CollectUntilGone(source);

        Assert.That(whileHeld, Is.EqualTo(Held + 1), "the child held every object it was given, and the source");
        Assert.That(ended.Error!.Error, Is.EqualTo(RompError.ConnectionBroken), ended.Error.Message);
        Assert.That(noticed, Is.LessThan(TimeSpan.FromSeconds(2)));
        Assert.That(childSide.Exports.Count, Is.Zero);
        Assert.That(ServerExports(), Is.EqualTo(baseline));
        Assert.That(source.Created.Count, Is.EqualTo(Held));
        Assert.That(stillAlive, Is.Zero, "every object the dead client held must be collectable");
        TestContext.Out.WriteLine($"The server saw the kill {noticed.TotalMilliseconds:0} ms after it.");
    }

    // Collections until every created item is gone, bounded: the items die with the export table's entries, but a
    // finalizer or a pooled object may let go of the last one a collection later.
    private static int CollectUntilGone(ItemSource source)
    {
        int alive = source.Alive();
        for (int i = 0; i < CollectAttempts && alive > 0; i++)
        {
            ReferenceTests.FullCollect();
            alive = source.Alive();
        }

        return alive;
    }

    private int ServerExports() => Server.Connections.Sum(static c => c.Exports.Count);

    /// <summary>Hands out items and keeps only weak references to them, so that nothing here keeps them alive.</summary>
    private sealed class ItemSource : IItemSource
    {
        public ConcurrentQueue<WeakReference> Created { get; } = new();

        public TaskCompletionSource<RompConnection> Hanging { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource HangCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Alive() => Created.Count(static w => w.IsAlive);

        public ValueTask<IChildItem> CreateAsync(int number)
        {
            var item = new Item(number);
            Created.Enqueue(new WeakReference(item));
            return new(item);
        }

        public async ValueTask HangAsync(CancellationToken cancellationToken)
        {
            Hanging.TrySetResult(RompCallContext.Current!.Connection);
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                HangCancelled.TrySetResult();
                throw;
            }
        }
    }

    private sealed class Item(int number) : IChildItem
    {
        public ValueTask<int> NumberAsync() => new(number);
    }
}
