namespace Romp.Tests.Contracts;

/// <summary>A declared fault whose message reaches the caller through its constructor's <c>message</c> parameter.</summary>
[RompSerializable]
public class RoomNotFoundException : Exception
{
    public RoomNotFoundException(string room, string message)
        : base(message) => Room = room;

    public string Room { get; }
}

/// <summary>A subclass of a declared fault that is not declared itself: it must not be sliced into its base.</summary>
[RompSerializable]
public sealed class ArchivedRoomException(string room, string message) : RoomNotFoundException(room, message)
{
}

/// <summary>A declared fault that builds its own message from its data, with a settable member too.</summary>
[RompSerializable]
public sealed class RoomFullException : Exception
{
    public RoomFullException(string room, int capacity)
        : base($"Room '{room}' is full ({capacity} seats).")
    {
        Room = room;
        Capacity = capacity;
    }

    public string Room { get; }

    public int Capacity { get; }

    public List<string> Waiting { get; set; } = [];
}

/// <summary>A fault every method of <see cref="IRooms"/> declares, with a primary constructor.</summary>
[RompSerializable]
public sealed class ChatClosedException(string reason) : Exception("The chat is closed: " + reason)
{
    public string Reason { get; } = reason;
}

/// <summary>A fault whose constructor refuses what a hostile or buggy peer may send: reading it fails.</summary>
[RompSerializable]
public sealed class QuotaException : Exception
{
    public QuotaException(int limit, string message)
        : base(message)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        Limit = limit;
    }

    public int Limit { get; set; }
}

/// <summary>An exception nobody declares.</summary>
public sealed class LedgerException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Rooms that fail in every way an error can travel: declared faults, base library exceptions, anything else.</summary>
[RompObject]
[RompFault(typeof(ChatClosedException))]
public interface IRooms
{
    [RompFault(typeof(RoomNotFoundException))]
    [RompFault(typeof(RoomFullException), Name = "rooms.full")]
    [RompFault(typeof(QuotaException))]
    Task JoinAsync(string room, int seats);

    /// <summary>Throws the exception <paramref name="kind"/> names (see <see cref="Rooms.Make"/>).</summary>
    ValueTask ThrowAsync(string kind);

    [RompFault(typeof(RoomNotFoundException))]
    IAsyncEnumerable<int> SeatsAsync(string room, int before);

    /// <summary>Asks the caller's <paramref name="watcher"/> and says what its call threw: its type, room and message.</summary>
    ValueTask<string> AskWatcherAsync(IRoomWatcher watcher, string room);

    [Oneway]
    void Fire(string kind);
}

/// <summary>A callback a client passes to the server.</summary>
[RompObject]
public interface IRoomWatcher
{
    [RompFault(typeof(RoomNotFoundException))]
    ValueTask<int> SeatsAsync(string room);
}

public sealed class Rooms : IRooms
{
    public Task JoinAsync(string room, int seats) => room switch
    {
        "lobby" => Task.CompletedTask,
        "full" => throw new RoomFullException(room, 12) { Waiting = ["ada", "bob"] },
        "quota" => throw new QuotaException(5, "over quota") { Limit = -1 },
        "archived" => throw new ArchivedRoomException(room, $"Room '{room}' was archived."),
        "closed" => throw new ChatClosedException("maintenance"),
        _ => throw new RoomNotFoundException(room, $"There is no room '{room}'."),
    };

    public ValueTask ThrowAsync(string kind) => throw Make(kind);

    public async IAsyncEnumerable<int> SeatsAsync(string room, int before)
    {
        for (int i = 0; i < before; i++)
        {
            await Task.Yield();
            yield return i;
        }

        throw new RoomNotFoundException(room, $"There is no room '{room}'.");
    }

    public async ValueTask<string> AskWatcherAsync(IRoomWatcher watcher, string room)
    {
        try
        {
            return "seats " + await watcher.SeatsAsync(room);
        }
        catch (RoomNotFoundException error)
        {
            string stack = error.Data.Contains(RemoteException.RemoteStackTraceKey) ? " (with its stack trace)" : "";
            return $"{error.GetType().Name} {error.Room}: {error.Message}{stack}";
        }
        catch (Exception error)
        {
            return $"{error.GetType().Name}: {error.Message}";
        }
    }

    public void Fire(string kind) => throw Make(kind);

    /// <summary>The exceptions the tests ask for by name.</summary>
    public static Exception Make(string kind) => kind switch
    {
        "argument" => new ArgumentException("bad seat", "seat"),
        "argument-null" => new ArgumentNullException("room", "a room is needed"),
        "argument-range" => new ArgumentOutOfRangeException("seats", 99, "too many seats"),
        "invalid-operation" => new InvalidOperationException("not open yet"),
        "disposed" => new ObjectDisposedException("Rooms", "the rooms are gone"),
        "key-not-found" => new KeyNotFoundException("no such key"),
        "not-supported" => new NotSupportedException("not here"),
        "timeout" => new TimeoutException("too slow"),
        "unauthorized" => new UnauthorizedAccessException("not yours"),
        "format" => new FormatException("bad format"),
        "closed" => new ChatClosedException("maintenance"),
        "room" => new RoomNotFoundException("x", "declared elsewhere only"),
        "ledger" => new LedgerException("Saving the ledger failed.", new IOException("disk full")),
        "aggregate" => new AggregateException(new IOException("disk full"), new LedgerException("quota", new TimeoutException("slow disk"))),
        "deep" => Deep(1000),
        "wide" => new AggregateException(Enumerable.Range(0, 1000).Select(i => new LedgerException($"part {i} failed"))),
        "huge" => new LedgerException(new string('x', 1_000_000), new IOException(new string('y', 1_000_000))),
        _ => new LedgerException("unknown kind " + kind),
    };

    private static Exception Deep(int depth)
    {
        Exception error = new IOException("disk full");
        for (int i = 0; i < depth; i++)
            error = new LedgerException($"level {i}", error);
        return error;
    }
}

/// <summary>A watcher that knows only the lobby.</summary>
public sealed class LobbyWatcher : IRoomWatcher
{
    public ValueTask<int> SeatsAsync(string room) =>
        room == "lobby" ? new(40) : throw new RoomNotFoundException(room, $"The watcher knows no room '{room}'.");
}
