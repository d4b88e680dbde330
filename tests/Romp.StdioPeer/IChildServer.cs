namespace Romp.StdioPeer;

// Compiled into both the peer and the runtime tests (linked there under Contracts/), as IStdioService is.

/// <summary>What the peer serves as <see cref="Name"/> in its <c>serve</c> mode: a slow method, a counter, and its own figures.</summary>
[RompObject]
public interface IChildServer
{
    /// <summary>The name the peer binds its service under.</summary>
    public const string Name = "child";

    /// <summary>The peer's process id: tells a restarted server from the one before.</summary>
    ValueTask<int> ProcessIdAsync();

    ValueTask<int> AddAsync(int a, int b);

    /// <summary>Counts up from 1 in each process: a fresh process starts again at 1.</summary>
    ValueTask<long> NextCountAsync();

    /// <summary>Waits until <see cref="ReleaseSlowCallsAsync"/>, the call's cancellation, or ten minutes; returns 42.</summary>
    ValueTask<int> SlowAsync(CancellationToken cancellationToken);

    /// <summary>Completes once at least <paramref name="count"/> calls of <see cref="SlowAsync"/> are waiting.</summary>
    ValueTask WhenSlowCallsWaitingAsync(int count, CancellationToken cancellationToken);

    /// <summary>Lets every waiting <see cref="SlowAsync"/> return.</summary>
    ValueTask ReleaseSlowCallsAsync();

    /// <summary>Keeps <paramref name="listener"/> to call back from <see cref="NotifyAsync"/>, for as long as its connection lasts.</summary>
    ValueTask SubscribeAsync(IChildListener listener);

    /// <summary>Calls every listener subscribed to this process with <paramref name="message"/>; returns how many took it.</summary>
    ValueTask<int> NotifyAsync(string message);

    /// <summary>The server's open connections, this caller's included.</summary>
    ValueTask<int> ConnectionCountAsync();

    /// <summary>Completes once the server has at most <paramref name="count"/> open connections.</summary>
    ValueTask WhenConnectionsAtMostAsync(int count, CancellationToken cancellationToken);

    /// <summary>Runs full, blocking, compacting collections (the last an aggressive one), then reports the process's managed memory.</summary>
    ValueTask<MemoryFigures> MeasureMemoryAsync();
}
