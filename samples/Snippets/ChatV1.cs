namespace Snippets.ChatV1;

#region README
// Version 1 of the contracts project, which the server was built with.
[RompObject(Name = "chat.v1")]
public interface IChatService
{
    Task<int> SendAsync(string text, int priority);
    [RompId(1)] string Topic { get; set; }                          // get_Topic is 1, set_Topic is 2
    Task<int> LegacyCountAsync();
}
#endregion

/// <summary>The version 1 service: what an older server runs.</summary>
public sealed class ChatService : IChatService
{
    private int _sent;

    public string Topic { get; set; } = "general";

    public Task<int> SendAsync(string text, int priority) => Task.FromResult(Interlocked.Increment(ref _sent));

    public Task<int> LegacyCountAsync() => Task.FromResult(Volatile.Read(ref _sent));
}
