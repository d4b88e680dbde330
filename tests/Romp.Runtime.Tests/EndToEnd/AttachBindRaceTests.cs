using System.Collections.Concurrent;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// A side that binds before it starts (<c>Create</c>, <c>Bind</c>, <c>StartAsync</c>), against a peer that resolves
/// as soon as its own handshake is done, however late the binding side's own code runs after its handshake.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class AttachBindRaceTests
{
    [Test]
    public async Task ResolveAsync_RightAfterThePeersHandshake_FindsWhatThePeerBoundBeforeStarting(CancellationToken cancellationToken)
    {
        var (parentPipe, childPipe) = DuplexPipes.CreatePair();
        // The child's code after `await AttachAsync` runs on a context the test pumps by hand: what any busy thread
        // (a UI thread, a loaded pool) does to the same code, without depending on timing.
        var childContext = new HeldContext();
        RompConnection? child = null;
        Task childSide = childContext.Run(async () =>
        {
            RompConnection created = RompConnection.Create(childPipe);
            created.Bind<ICalculator>("calc", new Calculator());
            child = created;
            await created.StartAsync(cancellationToken);
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
