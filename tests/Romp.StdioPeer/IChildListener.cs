namespace Romp.StdioPeer;

// Compiled into both the peer and the runtime tests, as IChildServer is.

/// <summary>A callback the test passes to the child server, which calls it back from its own process.</summary>
[RompObject]
public interface IChildListener
{
    /// <summary>Receives <paramref name="message"/> from the server process <paramref name="processId"/>.</summary>
    ValueTask OnMessageAsync(int processId, string message);
}
