using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>The built-in formatters. Generated code composes these with the collection formatters and its own.</summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RompFormatters
{
    /// <summary>bool: one byte, 0 or 1.</summary>
    public static readonly IRompFormatter<bool> Boolean = new BooleanFormatter();
    /// <summary>byte.</summary>
    public static readonly IRompFormatter<byte> Byte = new ByteFormatter();
    /// <summary>sbyte.</summary>
    public static readonly IRompFormatter<sbyte> SByte = new SByteFormatter();
    /// <summary>short, little-endian.</summary>
    public static readonly IRompFormatter<short> Int16 = new Int16Formatter();
    /// <summary>ushort, little-endian.</summary>
    public static readonly IRompFormatter<ushort> UInt16 = new UInt16Formatter();
    /// <summary>int, little-endian.</summary>
    public static readonly IRompFormatter<int> Int32 = new Int32Formatter();
    /// <summary>uint, little-endian.</summary>
    public static readonly IRompFormatter<uint> UInt32 = new UInt32Formatter();
    /// <summary>long, little-endian.</summary>
    public static readonly IRompFormatter<long> Int64 = new Int64Formatter();
    /// <summary>ulong, little-endian.</summary>
    public static readonly IRompFormatter<ulong> UInt64 = new UInt64Formatter();
    /// <summary>char, as a UTF-16 code unit.</summary>
    public static readonly IRompFormatter<char> Char = new CharFormatter();
    /// <summary>float.</summary>
    public static readonly IRompFormatter<float> Single = new SingleFormatter();
    /// <summary>double.</summary>
    public static readonly IRompFormatter<double> Double = new DoubleFormatter();
    /// <summary>Half.</summary>
    public static readonly IRompFormatter<Half> Half = new HalfFormatter();
    /// <summary>Int128.</summary>
    public static readonly IRompFormatter<Int128> Int128 = new Int128Formatter();
    /// <summary>UInt128.</summary>
    public static readonly IRompFormatter<UInt128> UInt128 = new UInt128Formatter();
    /// <summary>decimal.</summary>
    public static readonly IRompFormatter<decimal> Decimal = new DecimalFormatter();
    /// <summary>string (nullable), UTF-8.</summary>
    public static readonly IRompFormatter<string?> String = new StringFormatter();
    /// <summary>Guid.</summary>
    public static readonly IRompFormatter<Guid> Guid = new GuidFormatter();
    /// <summary>DateTime, including its Kind.</summary>
    public static readonly IRompFormatter<DateTime> DateTime = new DateTimeFormatter();
    /// <summary>DateTimeOffset.</summary>
    public static readonly IRompFormatter<DateTimeOffset> DateTimeOffset = new DateTimeOffsetFormatter();
    /// <summary>TimeSpan.</summary>
    public static readonly IRompFormatter<TimeSpan> TimeSpan = new TimeSpanFormatter();
    /// <summary>DateOnly.</summary>
    public static readonly IRompFormatter<DateOnly> DateOnly = new DateOnlyFormatter();
    /// <summary>TimeOnly.</summary>
    public static readonly IRompFormatter<TimeOnly> TimeOnly = new TimeOnlyFormatter();
    /// <summary>byte[] (nullable), as length and bytes.</summary>
    public static readonly IRompFormatter<byte[]?> ByteArray = new ByteArrayFormatter();
    /// <summary>ReadOnlyMemory&lt;byte&gt;, as length and bytes.</summary>
    public static readonly IRompFormatter<ReadOnlyMemory<byte>> ReadOnlyMemory = new ReadOnlyMemoryFormatter();
    /// <summary>Memory&lt;byte&gt;, as length and bytes.</summary>
    public static readonly IRompFormatter<Memory<byte>> Memory = new MemoryFormatter();
}
