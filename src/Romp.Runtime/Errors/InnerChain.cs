using Romp.Internal;
using Romp.Protocol;

namespace Romp.Errors;

/// <summary>
/// An exception's inner exceptions in an EXCEPTION payload (docs/protocol.md §3.4): flattened depth first, each entry
/// naming its parent, with their types, messages and (when sent) stack traces. The sender keeps the chain small
/// whatever the exception holds, and says how many it left out; the receiver rebuilds it as
/// <see cref="RemoteException"/>s and refuses more entries than any sender writes.
/// </summary>
internal static class InnerChain
{
    /// <summary>The most entries a sender writes.</summary>
    public const int MaxEntries = 32;

    /// <summary>The most entries a receiver accepts; more is a malformed payload.</summary>
    public const int MaxEntriesRead = 64;

    // Texts are cut to these lengths (in chars), and entries stop once their texts reach the budget: with the default
    // 16 MiB frame the chain never decides whether an answer fits, and a small frame falls back to the short answer.
    private const int MaxMessageLength = 1024;
    private const int MaxStackTraceLength = 4096;
    private const int TextBudget = 32 * 1024;

    // An exception graph is a tree by construction, but counting what was left out must end even if it is not.
    private const int MaxVisited = 4096;

    private readonly record struct Entry(int Parent, string Type, string Message, string? StackTrace);

    /// <summary>Writes the chain below <paramref name="error"/>: the entry count, the entries, then how many were left out.</summary>
    public static void Write(ref RompWriter writer, Exception error, bool stackTraces)
    {
        (List<Entry> entries, int omitted) = Flatten(error, stackTraces);
        writer.WriteUInt16((ushort)entries.Count);
        foreach (Entry entry in entries)
        {
            writer.WriteUInt16((ushort)entry.Parent);
            writer.WriteString(entry.Type);
            writer.WriteString(entry.Message);
            writer.WriteString(entry.StackTrace);
        }

        writer.WriteUInt32((uint)omitted);
    }

    /// <summary>Writes an empty chain that says <paramref name="omitted"/> entries were left out.</summary>
    public static void WriteEmpty(ref RompWriter writer, int omitted)
    {
        writer.WriteUInt16(0);
        writer.WriteUInt32((uint)omitted);
    }

    /// <summary>How many inner exceptions <paramref name="error"/> has, counted up to a bound.</summary>
    public static int Count(Exception error) => Flatten(error, stackTraces: false, maxEntries: 0).Omitted;

    /// <summary>Reads a chain: the top exception's inner exceptions, each with its own, and how many the sender left out.</summary>
    public static (IReadOnlyList<RemoteException> Inner, int Omitted) Read(ref RompReader reader)
    {
        int count = reader.ReadUInt16();
        if (count > MaxEntriesRead)
            ThrowHelper.ThrowInvalidData($"An error carries {count} inner exceptions; at most {MaxEntriesRead} are accepted.");
        var entries = new Entry[count];
        for (int i = 0; i < count; i++)
        {
            int parent = reader.ReadUInt16();
            if (parent > i)
                ThrowHelper.ThrowInvalidData($"Inner exception {i + 1} names {parent} as its parent; a parent comes before its children.");
            entries[i] = new Entry(parent, reader.ReadString() ?? "", reader.ReadString() ?? "", reader.ReadString());
        }

        uint omitted = reader.ReadUInt32();
        return (Build(entries), (int)Math.Min(omitted, int.MaxValue));
    }

    // Children come after their parents, so building from the last entry back finds every child already built.
    private static IReadOnlyList<RemoteException> Build(Entry[] entries)
    {
        var children = new List<RemoteException>?[entries.Length + 1];
        for (int i = entries.Length - 1; i >= 0; i--)
        {
            Entry entry = entries[i];
            IReadOnlyList<RemoteException> own = children[i + 1] is { } list ? Reversed(list) : [];
            (children[entry.Parent] ??= new List<RemoteException>()).Add(new RemoteException(entry.Type, entry.Message, entry.StackTrace, own));
        }

        return children[0] is { } top ? Reversed(top) : [];
    }

    private static List<RemoteException> Reversed(List<RemoteException> list)
    {
        list.Reverse();
        return list;
    }

    private static (List<Entry> Entries, int Omitted) Flatten(Exception error, bool stackTraces, int maxEntries = MaxEntries)
    {
        var entries = new List<Entry>();
        int omitted = 0;
        int budget = TextBudget;
        int visited = 0;
        var pending = new Stack<(Exception Error, int Parent)>();
        Push(pending, error, parent: 0);
        while (pending.Count > 0 && visited++ < MaxVisited)
        {
            (Exception current, int parent) = pending.Pop();
            if (entries.Count == maxEntries || budget <= 0)
            {
                omitted++;
                Push(pending, current, parent: 0);
                continue;
            }

            string type = ExceptionText.TypeOf(current);
            string message = ShortText.Shorten(ExceptionText.MessageOf(current), MaxMessageLength);
            string? stack = stackTraces && ExceptionText.StackTraceOf(current) is { } trace ? ShortText.Shorten(trace, MaxStackTraceLength) : null;
            budget -= type.Length + message.Length + (stack?.Length ?? 0);
            entries.Add(new Entry(parent, type, message, stack));
            Push(pending, current, parent: entries.Count);
        }

        return (entries, omitted + pending.Count);
    }

    // In reverse, so that the first inner exception is popped, and written, first.
    private static void Push(Stack<(Exception, int)> pending, Exception error, int parent)
    {
        IReadOnlyList<Exception> inner = ExceptionText.InnerOf(error);
        for (int i = inner.Count - 1; i >= 0; i--)
            pending.Push((inner[i], parent));
    }
}
