using System.Collections.Concurrent;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// The pattern RompConnection's own documentation shows for a child process, <c>AttachAsync</c> then <c>Bind</c>,
/// against a peer that resolves as soon as its own handshake is done.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class AttachBindRaceTests
{
    [Test]
    [Ignore("bug: AttachAsync starts the read loop before it returns, and Bind is only possible on the connection it " +
        "returns, so a resolve that arrives with or just after the peer's hello is answered UnknownObject while the " +
        "caller's continuation has yet to run Bind. The documented attach-then-bind pattern is racy; the stdio peer " +
        "works around it with a ready line on stderr. Needs a way to bind before reading starts (or a resolver that " +
        "waits for the first bind).")]
    public async Task ResolveAsync_RightAfterThePeersHandshake_FindsWhatThePeerBindsRightAfterAttach(CancellationToken cancellationToken)
    {
        var (parentPipe, childPipe) = DuplexPipes.CreatePair();
        // The child's code after `await AttachAsync` runs on a context the test pumps by hand: what any busy thread
        // (a UI thread, a loaded pool) does to the same code, without depending on timing.
        var childContext = new HeldContext();
        RompConnection? child = null;
        Task childSide = childContext.Run(async () =>
        {
            RompConnection attached = await RompConnection.AttachAsync(childPipe, cancellationToken: cancellationToken);
            attached.Bind<ICalculator>("calc", new Calculator());
            child = attached;
        });
        await using RompConnection parent = await RompConnection.AttachAsync(parentPipe, cancellationToken: cancellationToken);
        try
        {
            ICalculator calc = await parent.ResolveAsync<ICalculator>("calc", cancellationToken);

            Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        }
        finally
        {
            await childContext.PumpUntilAsync(childSide, cancellationToken);
            if (child is not null)
                await child.DisposeAsync();
        }
    }

    /// <summary>A synchronization context that runs what is posted to it only when pumped.</summary>
    private sealed class HeldContext : SynchronizationContext
    {
        private readonly ConcurrentQueue<(SendOrPostCallback Callback, object? State)> _posted = new();
        private readonly SemaphoreSlim _available = new(0);

        public override void Post(SendOrPostCallback d, object? state)
        {
            _posted.Enqueue((d, state));
            _available.Release();
        }

        public Task Run(Func<Task> body)
        {
            SynchronizationContext? previous = Current;
            SetSynchronizationContext(this);
            try
            {
                return body();
            }
            finally
            {
                SetSynchronizationContext(previous);
            }
        }

        public async Task PumpUntilAsync(Task done, CancellationToken cancellationToken)
        {
            while (!done.IsCompleted)
            {
                await _available.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (_posted.TryDequeue(out (SendOrPostCallback Callback, object? State) item))
                {
                    SynchronizationContext? previous = Current;
                    SetSynchronizationContext(this);
                    try
                    {
                        item.Callback(item.State);
                    }
                    finally
                    {
                        SetSynchronizationContext(previous);
                    }
                }
            }

            await done.ConfigureAwait(false);
        }
    }
}
