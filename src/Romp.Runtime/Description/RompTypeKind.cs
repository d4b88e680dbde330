namespace Romp.Description;

/// <summary>
/// What a value of a described type is on the wire (docs/protocol.md §5, §4.6). The numbers are the codes the describe
/// service sends, so they never change.
/// </summary>
public enum RompTypeKind : byte
{
    /// <summary>No value: the result of a method that returns nothing.</summary>
    Void = 0,

    /// <summary><c>bool</c>: one byte, 0 or 1.</summary>
    Boolean = 1,

    /// <summary><c>byte</c>.</summary>
    Byte = 2,

    /// <summary><c>sbyte</c>.</summary>
    SByte = 3,

    /// <summary><c>short</c>.</summary>
    Int16 = 4,

    /// <summary><c>ushort</c>.</summary>
    UInt16 = 5,

    /// <summary><c>int</c>.</summary>
    Int32 = 6,

    /// <summary><c>uint</c>.</summary>
    UInt32 = 7,

    /// <summary><c>long</c>.</summary>
    Int64 = 8,

    /// <summary><c>ulong</c>.</summary>
    UInt64 = 9,

    /// <summary><c>char</c>: a UTF-16 code unit.</summary>
    Char = 10,

    /// <summary><c>float</c>.</summary>
    Single = 11,

    /// <summary><c>double</c>.</summary>
    Double = 12,

    /// <summary><c>decimal</c>.</summary>
    Decimal = 13,

    /// <summary><c>Half</c>.</summary>
    Half = 14,

    /// <summary><c>Int128</c>.</summary>
    Int128 = 15,

    /// <summary><c>UInt128</c>.</summary>
    UInt128 = 16,

    /// <summary><c>string</c>: UTF-8 with its length; may be null.</summary>
    String = 17,

    /// <summary><c>Guid</c>.</summary>
    Guid = 18,

    /// <summary><c>DateTime</c>, with its Kind.</summary>
    DateTime = 19,

    /// <summary><c>DateTimeOffset</c>.</summary>
    DateTimeOffset = 20,

    /// <summary><c>TimeSpan</c>.</summary>
    TimeSpan = 21,

    /// <summary><c>DateOnly</c>.</summary>
    DateOnly = 22,

    /// <summary><c>TimeOnly</c>.</summary>
    TimeOnly = 23,

    /// <summary><c>byte[]</c>, <c>ReadOnlyMemory&lt;byte&gt;</c> or <c>Memory&lt;byte&gt;</c>: a length and the bytes.</summary>
    Bytes = 24,

    /// <summary>An enum: <see cref="RompTypeShape.Name"/> names its <see cref="RompNamedType"/>.</summary>
    Enum = 25,

    /// <summary><c>Nullable&lt;T&gt;</c> of the one argument.</summary>
    Nullable = 26,

    /// <summary>An array of the one argument.</summary>
    Array = 27,

    /// <summary>A list (or a collection interface a list implements) of the one argument.</summary>
    List = 28,

    /// <summary>A set of the one argument.</summary>
    Set = 29,

    /// <summary>A dictionary: the arguments are the key and the value.</summary>
    Dictionary = 30,

    /// <summary>A value tuple of the arguments.</summary>
    Tuple = 31,

    /// <summary>A <c>[RompSerializable]</c> class, record or struct: <see cref="RompTypeShape.Name"/> names its <see cref="RompNamedType"/>.</summary>
    Record = 32,

    /// <summary>A <c>[RompObject]</c> interface, passed by reference: <see cref="RompTypeShape.Name"/> is the interface.</summary>
    Reference = 33,

    /// <summary>A block (a delegate parameter): the arguments are its parameters, then its result.</summary>
    Block = 34,

    /// <summary>A stream (<c>IAsyncEnumerable&lt;T&gt;</c>, a method's result only) of the one argument.</summary>
    Stream = 35,

    /// <summary>A type the describe metadata cannot spell out: <see cref="RompTypeShape.Name"/> is its C# name.</summary>
    Opaque = 36,

    /// <summary>
    /// A closed union (an abstract <c>[RompSerializable]</c> type with <c>[RompUnion]</c> cases): <see cref="RompTypeShape.Name"/>
    /// names its <see cref="RompNamedType"/>, which lists the cases by tag.
    /// </summary>
    Union = 37,

    /// <summary>A byte stream (<c>Stream</c> or <c>PipeReader</c>, a method's own parameter or result only): its id, its bytes in frames of their own.</summary>
    ByteStream = 38,
}
