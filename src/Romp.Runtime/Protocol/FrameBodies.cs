using Romp.Errors;
using Romp.Rpc;

namespace Romp.Protocol;

// The payloads Romp writes, as structs passed by reference into RompConnection.WriteFrame: writing a frame boxes nothing.

/// <summary>An empty payload (SYNC, NULL_MSG, CANCEL, an empty RETVAL).</summary>
internal readonly struct EmptyBody : IRompArgs
{
    public void Write(ref RompWriter writer)
    {
    }
}

/// <summary>REQUEST, ONEWAY and ONEWAY_SYNC: object id, method id (and the call header, if any), then the arguments.</summary>
internal readonly struct CallBody<TArgs>(uint objectId, ushort methodId, TArgs args, CallHeader header = default) : IRompArgs where TArgs : struct, IRompArgs
{
    public void Write(ref RompWriter writer)
    {
        writer.WriteUInt32(objectId);
        header.Write(ref writer, methodId);
        args.Write(ref writer);
    }
}

/// <summary>REQUEST_BLOCK: object id, method id (and the call header, if any), the initial credit, then the arguments.</summary>
internal readonly struct StreamCallBody<TArgs>(uint objectId, ushort methodId, uint credit, TArgs args, CallHeader header = default) : IRompArgs where TArgs : struct, IRompArgs
{
    public void Write(ref RompWriter writer)
    {
        writer.WriteUInt32(objectId);
        header.Write(ref writer, methodId);
        writer.WriteUInt32(credit);
        args.Write(ref writer);
    }
}

/// <summary>RETVAL with a value.</summary>
internal readonly struct ResultBody<T>(T value, IRompFormatter<T> formatter) : IRompArgs
{
    public void Write(ref RompWriter writer) => formatter.Write(ref writer, value);
}

/// <summary>YIELD: item count, then the items.</summary>
internal readonly struct YieldBody<T>(ArraySegment<T> items, IRompFormatter<T> formatter) : IRompArgs
{
    public void Write(ref RompWriter writer)
    {
        writer.WriteUInt32((uint)items.Count);
        foreach (T item in items)
            formatter.Write(ref writer, item);
    }
}

/// <summary>EXCEPTION: error code, remote type name, message, stack trace (nullable), then the detail for a peer that reads it.</summary>
internal readonly struct ErrorBody(RompError error, string type, string message, string? stackTrace, ErrorDetail? detail) : IRompArgs
{
    public void Write(ref RompWriter writer)
    {
        writer.WriteByte((byte)error);
        writer.WriteString(type);
        writer.WriteString(message);
        writer.WriteString(stackTrace);
        // Only to a peer that reads it (HelloFlags.FaultDetails): an older one would take the bytes for a violation.
        detail?.Write(ref writer);
    }
}

/// <summary>CREDIT: how many more items the producer may send.</summary>
internal readonly struct CreditBody(uint items) : IRompArgs
{
    public void Write(ref RompWriter writer) => writer.WriteUInt32(items);
}

/// <summary>BYTES: a piece of a byte stream, as is.</summary>
internal readonly struct BytesBody(ReadOnlyMemory<byte> data) : IRompArgs
{
    public void Write(ref RompWriter writer) => writer.WriteRaw(data.Span);
}

/// <summary>Texts shortened so that a frame carrying two of them fits the 1024 bytes every peer accepts.</summary>
internal static class ShortText
{
    // Worst case 4 UTF-8 bytes a char: two short texts plus a frame's header stay under the 1024-byte minimum frame.
    public const int MaxLength = 100;

    /// <summary>The frame every peer accepts, whatever its hello says: what a short text is shortened to fit.</summary>
    public const int MaxFrameSize = RompConnectionOptions.MinimumFrameSize;

    /// <summary>A GOODBYE carries one text: it may be longer.</summary>
    public const int MaxGoodbyeLength = 240;

    public static string Shorten(string text, int maxLength = MaxLength) =>
        text.Length <= maxLength ? text : string.Concat(text.AsSpan(0, maxLength - 1), "…");
}

/// <summary>GOODBYE: the reason (a <see cref="RompError"/>, or 255 for an orderly close) and a message.</summary>
internal readonly struct GoodbyeBody(byte reason, string message) : IRompArgs
{
    public const byte Orderly = 255;

    /// <summary>The peer's reason as an exception: an orderly close (or a code this side does not know) is ClosedConnection.</summary>
    public static RompException Read(ref RompReader reader, string defaultMessage)
    {
        byte reason = reader.ReadByte();
        string message = reader.ReadString() ?? "";
        reader.EnsureEnd();
        if (message.Length == 0)
            message = defaultMessage;
        return reason == Orderly || reason > (byte)RompError.UnknownMethod
            ? new RompException(RompError.ClosedConnection, message)
            : new RompException((RompError)reason, message);
    }

    public void Write(ref RompWriter writer)
    {
        writer.WriteByte(reason);
        writer.WriteString(message);
    }
}

/// <summary>RELEASE: entry count, then (u32 object id, u32 references) per entry.</summary>
internal readonly struct ReleaseBody(ReleaseEntry[] entries, int count) : IRompArgs
{
    /// <summary>The bytes one entry takes.</summary>
    public const int EntrySize = 8;

    public void Write(ref RompWriter writer)
    {
        writer.WriteUInt32((uint)count);
        for (int i = 0; i < count; i++)
        {
            writer.WriteUInt32(entries[i].ObjectId);
            writer.WriteUInt32(entries[i].References);
        }
    }
}

/// <summary>One entry of a RELEASE frame.</summary>
internal readonly record struct ReleaseEntry(uint ObjectId, uint References);
