namespace Romp.StdioPeer;

// Compiled into both the peer and the runtime tests (linked there under Contracts/), as IStdioService is.

/// <summary>
/// What the peer resolves as <see cref="Name"/> on the test's server in its <c>client</c> mode: objects handed out by
/// reference, which the peer holds, and a call that never returns, which it is killed in the middle of.
/// </summary>
[RompObject]
public interface IItemSource
{
    /// <summary>The name the test binds its source under.</summary>
    public const string Name = "items";

    /// <summary>A new object of the server's, passed by reference: the caller's proxy keeps it alive there.</summary>
    ValueTask<IChildItem> CreateAsync(int number);

    /// <summary>Returns only when cancelled: the connection's end cancels it.</summary>
    ValueTask HangAsync(CancellationToken cancellationToken);
}
