namespace Romp.StdioPeer;

// Compiled into both the peer and the runtime tests (linked there as Contracts/IStdioService.cs): the same source on
// both sides gives the same contract id, and neither assembly has to reference the other.

/// <summary>What the stdio peer serves on its standard streams, as <see cref="Name"/>.</summary>
[RompObject]
public interface IStdioService
{
    /// <summary>The name the peer binds its service under.</summary>
    public const string Name = "stdio";

    /// <summary>The name the peer resolves on its parent for <see cref="AskParentAsync"/>.</summary>
    public const string ParentName = "parent";


    ValueTask<string> EchoAsync(string text);

    /// <summary>The peer's process id: proof that a call really crossed into the child.</summary>
    ValueTask<int> ProcessIdAsync();

    /// <summary>Calls <paramref name="callback"/> back over the same streams and wraps its answer as <c>child(...)</c>.</summary>
    ValueTask<string> RelayAsync(IStdioCallback callback, string text);

    /// <summary>Resolves <see cref="ParentName"/> on the parent's side of the connection and asks it to transform <paramref name="text"/>.</summary>
    ValueTask<string> AskParentAsync(string text);
}

/// <summary>An object the parent passes to (or binds for) the peer, which calls it back.</summary>
[RompObject]
public interface IStdioCallback
{
    ValueTask<string> TransformAsync(string text);
}
