namespace Snippets.ChatV2;

#region README
// Version 2: renamed and moved, reordered, one method added, one removed.
[RompObject(Name = "chat.v1")]                                      // the name on the wire: unchanged
[RompReserved("LegacyCountAsync")]                                  // removed: never reuse its name
public interface IChatRoom
{
    Task<bool> KickAsync(string user);                              // new: a version 1 server lacks it
    [RompId(1)] string Subject { get; set; }                        // renamed: its explicit id keeps it
    Task<int> SendAsync(string text, int priority);                 // moved: its id comes from its signature
}
#endregion

/// <summary>The version 2 service.</summary>
public sealed class ChatRoom : IChatRoom
{
    private int _sent;

    public string Subject { get; set; } = "general";

    public Task<bool> KickAsync(string user) => Task.FromResult(true);

    public Task<int> SendAsync(string text, int priority) => Task.FromResult(Interlocked.Increment(ref _sent));
}
