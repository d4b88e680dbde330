namespace Romp.Tests.Versioning.ChatV1;

// The first version of a chat contract, as an older peer was built with it. ChatV2 is the same contract ("chat.v1"),
// renamed, moved, reordered and grown: the two talk over one connection in the tests.

/// <summary>Version 1 of the chat service.</summary>
[RompObject(Name = "chat.v1")]
public interface IChatService
{
    Task<int> SendAsync(string text, int priority);

    string Topic { get; set; }

    [Oneway]
    void Ping(int n);

    IAsyncEnumerable<string> HistoryAsync(int count);

    Task<int> CountAsync();

    /// <summary>Pinned with [RompId]; version 2 gives the id to another signature, a mistake resolve catches.</summary>
    [RompId(77)]
    Task<string> LabelAsync(string text);
}

/// <summary>Hands out chat services by reference: a proxy made from a result skips resolve and its method table.</summary>
[RompObject(Name = "chat.lobby")]
public interface ILobby
{
    Task<IChatService> JoinAsync(string room);
}

public sealed class ChatService : IChatService
{
    private int _sent;
    private int _pings;

    public string Topic { get; set; } = "general";

    public int Pings => Volatile.Read(ref _pings);

    public Task<int> SendAsync(string text, int priority) => Task.FromResult(Interlocked.Increment(ref _sent) * 100 + priority);

    public void Ping(int n) => Interlocked.Add(ref _pings, n);

    public async IAsyncEnumerable<string> HistoryAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return "v1 message " + i;
        }
    }

    public Task<int> CountAsync() => Task.FromResult(Volatile.Read(ref _sent));

    public Task<string> LabelAsync(string text) => Task.FromResult("[" + text + "]");
}

public sealed class Lobby(IChatService room) : ILobby
{
    public Task<IChatService> JoinAsync(string name) => Task.FromResult(room);
}
