using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Romp.Internal;

namespace Romp.CompilerServices;

/// <summary>
/// What generated <c>[RompSerializable]</c> formatters call when a value cannot be read: the errors name the type and
/// the member, so that a call that fails says what in its payload did not fit (docs/protocol.md §5).
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RompMembers
{
    /// <summary>Throws because the member was sent with wire kind <paramref name="sent"/> where this side reads <paramref name="expected"/>.</summary>
    /// <exception cref="RompException">Always, with <see cref="RompError.InvalidMessage"/>.</exception>
    [DoesNotReturn]
    public static void ThrowKindMismatch(RompWireKind sent, RompWireKind expected) =>
        throw new RompException(RompError.InvalidMessage,
            $"it was sent as {Describe(sent)}, but this side declares {Describe(expected)}: the two versions of the type disagree about the member's type.");

    /// <summary>Throws because the required member <paramref name="member"/> of <paramref name="type"/> was not sent.</summary>
    /// <exception cref="RompException">Always, with <see cref="RompError.InvalidMessage"/>.</exception>
    [DoesNotReturn]
    public static void ThrowMissing(string type, string member, ushort id) =>
        throw new RompException(RompError.InvalidMessage,
            $"{type} member '{member}' (id {FormatId(id)}) is required, but the peer did not send it: its version of {type} has no such member.");

    /// <summary>
    /// The error to throw for <paramref name="error"/>, raised while member <paramref name="id"/> of <paramref name="type"/>
    /// was read: the same kind of error, with the type and member in front of its message. An id of 0 means between
    /// members; a null <paramref name="member"/>, a member this side does not know.
    /// </summary>
    public static RompException Unreadable(RompException error, string type, ushort id, string? member)
    {
        ArgumentNullException.ThrowIfNull(error);
        string where = id == 0 ? type
            : member is null ? $"{type} member id {FormatId(id)} (unknown here)"
            : $"{type} member '{member}' (id {FormatId(id)})";
        string message = where + ": " + error.Message;
        return error is ProtocolViolationException
            ? new ProtocolViolationException(message, error)
            : new RompException(error.Error, message, error);
    }

    // Ids given with [RompId] as people wrote them; ids derived from names, which nobody wrote, in hex.
    private static string FormatId(ushort id) =>
        id < 0x8000 ? id.ToString(CultureInfo.InvariantCulture) : "0x" + id.ToString("X4", CultureInfo.InvariantCulture);

    private static string Describe(RompWireKind kind)
    {
        string? name = kind switch
        {
            RompWireKind.Null => "null",
            RompWireKind.Boolean => "a bool",
            RompWireKind.Byte => "a byte",
            RompWireKind.SByte => "an sbyte",
            RompWireKind.Int16 => "a short",
            RompWireKind.UInt16 => "a ushort",
            RompWireKind.Char => "a char",
            RompWireKind.Half => "a Half",
            RompWireKind.Int32 => "an int",
            RompWireKind.UInt32 => "a uint",
            RompWireKind.Single => "a float",
            RompWireKind.DateOnly => "a DateOnly",
            RompWireKind.Int64 => "a long",
            RompWireKind.UInt64 => "a ulong",
            RompWireKind.Double => "a double",
            RompWireKind.DateTime => "a DateTime",
            RompWireKind.TimeSpan => "a TimeSpan",
            RompWireKind.TimeOnly => "a TimeOnly",
            RompWireKind.DateTimeOffset => "a DateTimeOffset",
            RompWireKind.Decimal => "a decimal",
            RompWireKind.Int128 => "an Int128",
            RompWireKind.UInt128 => "a UInt128",
            RompWireKind.Guid => "a Guid",
            RompWireKind.String => "a string",
            RompWireKind.Bytes => "bytes",
            RompWireKind.Record => "a [RompSerializable] value",
            RompWireKind.MemoryPack => "a [MemoryPackable] value",
            RompWireKind.Sequence => "a sequence",
            RompWireKind.Dictionary => "a dictionary",
            RompWireKind.Tuple => "a tuple",
            RompWireKind.Reference => "a reference",
            RompWireKind.Value => "a value",
            _ => null,
        };
        string code = "0x" + ((byte)kind).ToString("X2", CultureInfo.InvariantCulture);
        return name is null ? $"wire kind {code}, unknown here" : $"{name} (wire kind {code})";
    }
}
