using System.ComponentModel;

namespace Romp.CompilerServices;

/// <summary>
/// The wire kind of one member of a <c>[RompSerializable]</c> value (docs/protocol.md §5): which type family its value
/// has and how many bytes it takes. The low three bits are the framing, so a reader can skip a member whose kind it does
/// not know; the bits above tell types of one framing apart, so a member whose type changed is detected, not mis-read.
/// </summary>
/// <remarks>
/// Framing (<c>kind &amp; 7</c>): 0 no bytes, 1 one, 2 two, 3 four, 4 eight, 5 ten, 6 sixteen, 7 an int32 length then that
/// many bytes (-1: none). An enum travels as its underlying integer; a <see cref="Nullable{T}"/> as its value's kind, or
/// <see cref="Null"/>.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public enum RompWireKind : byte
{
    /// <summary>A null <see cref="Nullable{T}"/>: no bytes.</summary>
    Null = 0x08,

    /// <summary><see cref="bool"/>: one byte.</summary>
    Boolean = 0x09,

    /// <summary><see cref="byte"/>: one byte.</summary>
    Byte = 0x11,

    /// <summary><see cref="sbyte"/>: one byte.</summary>
    SByte = 0x19,

    /// <summary><see cref="short"/>: two bytes.</summary>
    Int16 = 0x0A,

    /// <summary><see cref="ushort"/>: two bytes.</summary>
    UInt16 = 0x12,

    /// <summary><see cref="char"/>: two bytes.</summary>
    Char = 0x1A,

    /// <summary><see cref="System.Half"/>: two bytes.</summary>
    Half = 0x22,

    /// <summary><see cref="int"/>: four bytes.</summary>
    Int32 = 0x0B,

    /// <summary><see cref="uint"/>: four bytes.</summary>
    UInt32 = 0x13,

    /// <summary><see cref="float"/>: four bytes.</summary>
    Single = 0x1B,

    /// <summary><see cref="System.DateOnly"/>: four bytes.</summary>
    DateOnly = 0x23,

    /// <summary><see cref="long"/>: eight bytes.</summary>
    Int64 = 0x0C,

    /// <summary><see cref="ulong"/>: eight bytes.</summary>
    UInt64 = 0x14,

    /// <summary><see cref="double"/>: eight bytes.</summary>
    Double = 0x1C,

    /// <summary><see cref="System.DateTime"/>: eight bytes.</summary>
    DateTime = 0x24,

    /// <summary><see cref="System.TimeSpan"/>: eight bytes.</summary>
    TimeSpan = 0x2C,

    /// <summary><see cref="System.TimeOnly"/>: eight bytes.</summary>
    TimeOnly = 0x34,

    /// <summary><see cref="System.DateTimeOffset"/>: ten bytes.</summary>
    DateTimeOffset = 0x0D,

    /// <summary><see cref="decimal"/>: sixteen bytes.</summary>
    Decimal = 0x0E,

    /// <summary><see cref="System.Int128"/>: sixteen bytes.</summary>
    Int128 = 0x16,

    /// <summary><see cref="System.UInt128"/>: sixteen bytes.</summary>
    UInt128 = 0x1E,

    /// <summary><see cref="System.Guid"/>: sixteen bytes.</summary>
    Guid = 0x26,

    /// <summary><see cref="string"/>: its own int32 UTF-8 length (-1: null), then the bytes.</summary>
    String = 0x0F,

    /// <summary><c>byte[]</c>, <see cref="ReadOnlyMemory{T}"/> or <see cref="Memory{T}"/> of bytes: its own int32 length, then the bytes.</summary>
    Bytes = 0x17,

    /// <summary>A <c>[RompSerializable]</c> value: its own int32 length (-1: null), then its members.</summary>
    Record = 0x1F,

    /// <summary>A <c>[MemoryPackable]</c> value: its own int32 length (-1: null), then MemoryPack's bytes.</summary>
    MemoryPack = 0x27,

    /// <summary>An array, list, set or other sequence, behind an int32 length of its encoding.</summary>
    Sequence = 0x2F,

    /// <summary>A dictionary, behind an int32 length of its encoding.</summary>
    Dictionary = 0x37,

    /// <summary>A value tuple, behind an int32 length of its encoding.</summary>
    Tuple = 0x3F,

    /// <summary>A reference to a <c>[RompObject]</c> (docs/protocol.md §4.4), behind an int32 length of its encoding.</summary>
    Reference = 0x47,

    /// <summary>Any other value, behind an int32 length of its encoding.</summary>
    Value = 0x4F,
}
