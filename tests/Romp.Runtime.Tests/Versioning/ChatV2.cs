namespace Romp.Tests.Versioning.ChatV2;

// Version 2 of ChatV1's contract: the interface is renamed (IChatService -> IChat) and moved to another namespace, but
// keeps its Name; methods are reordered, new ones come in the middle and at the end (a request, a one-way call, a
// stream), and [RompId(77)] now stands on another signature.

/// <summary>Version 2 of the chat service.</summary>
[RompObject(Name = "chat.v1")]
public interface IChat
{
    Task<int> CountAsync();

    Task<bool> KickAsync(string user);

    IAsyncEnumerable<string> HistoryAsync(int count);

    Task<int> SendAsync(string text, int priority);

    [Oneway]
    void Wave(int times);

    string Topic { get; set; }

    [Oneway]
    void Ping(int n);

    IAsyncEnumerable<int> TypingAsync(CancellationToken cancellationToken = default);

    [RompId(77)]
    Task<string> LabelAsync(string text, bool bold);
}

/// <summary>Version 2 of the lobby: the same contract, handing out version 2 services.</summary>
[RompObject(Name = "chat.lobby")]
public interface ILobby
{
    Task<IChat> JoinAsync(string room);
}

public sealed class Chat : IChat
{
    private int _sent;
    private int _pings;

    public string Topic { get; set; } = "general";

    public int Pings => Volatile.Read(ref _pings);

    public Task<int> CountAsync() => Task.FromResult(Volatile.Read(ref _sent));

    public Task<bool> KickAsync(string user) => Task.FromResult(user.Length > 0);

    public async IAsyncEnumerable<string> HistoryAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return "v2 message " + i;
        }
    }

    public Task<int> SendAsync(string text, int priority) => Task.FromResult(Interlocked.Increment(ref _sent) * 100 + priority);

    public void Wave(int times)
    {
    }

    public void Ping(int n) => Interlocked.Add(ref _pings, n);

    public async IAsyncEnumerable<int> TypingAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.Yield();
        yield return 1;
    }

    public Task<string> LabelAsync(string text, bool bold) => Task.FromResult(bold ? "**" + text + "**" : text);
}

public sealed class Lobby(IChat room) : ILobby
{
    public Task<IChat> JoinAsync(string name) => Task.FromResult(room);
}
