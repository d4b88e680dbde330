namespace Snippets;

#region README
[RompSerializable]
public sealed class RoomNotFoundException(string room) : Exception($"There is no room '{room}'.")
{
    public string Room { get; } = room;                             // travels, as any [RompSerializable] member
}

[RompObject]
public interface IChat
{
    [RompFault(typeof(RoomNotFoundException))]                      // thrown by JoinAsync, it arrives as itself
    Task JoinAsync(string room, string nick);

    [Oneway] void Post(string room, string text);                   // a failure is logged and counted on the server
}
#endregion

/// <summary>Knows the lobby; an empty nick is an argument error, and the archive's disk is full.</summary>
public sealed class Chat : IChat
{
    public Task JoinAsync(string room, string nick) => (room, nick) switch
    {
        (_, "") => throw new ArgumentException("A nick must not be empty.", nameof(nick)),
        ("lobby", _) => Task.CompletedTask,
        ("archive", _) => throw new InvalidDataException("Saving failed.", new IOException("disk full")),
        _ => throw new RoomNotFoundException(room),
    };

    public void Post(string room, string text) => _ = JoinAsync(room, "poster");
}
