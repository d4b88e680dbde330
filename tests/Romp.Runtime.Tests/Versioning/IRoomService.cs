namespace Romp.Tests.Versioning;

/// <summary>Another contract altogether, which a chat client must be refused, in words.</summary>
[RompObject(Name = "chat.rooms")]
public interface IRoomService
{
    Task<string[]> ListAsync();
}

public sealed class RoomService : IRoomService
{
    public Task<string[]> ListAsync() => Task.FromResult(new[] { "general" });
}
