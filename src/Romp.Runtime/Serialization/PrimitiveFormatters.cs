namespace Romp.CompilerServices;

// The built-in scalar formatters. Each is a stateless singleton reached through RompFormatters.

internal sealed class BooleanFormatter : IRompFormatter<bool>
{
    public void Write(ref RompWriter writer, bool value) => writer.WriteBoolean(value);
    public bool Read(ref RompReader reader) => reader.ReadBoolean();
}

internal sealed class ByteFormatter : IRompFormatter<byte>
{
    public void Write(ref RompWriter writer, byte value) => writer.WriteByte(value);
    public byte Read(ref RompReader reader) => reader.ReadByte();
}

internal sealed class SByteFormatter : IRompFormatter<sbyte>
{
    public void Write(ref RompWriter writer, sbyte value) => writer.WriteSByte(value);
    public sbyte Read(ref RompReader reader) => reader.ReadSByte();
}

internal sealed class Int16Formatter : IRompFormatter<short>
{
    public void Write(ref RompWriter writer, short value) => writer.WriteInt16(value);
    public short Read(ref RompReader reader) => reader.ReadInt16();
}

internal sealed class UInt16Formatter : IRompFormatter<ushort>
{
    public void Write(ref RompWriter writer, ushort value) => writer.WriteUInt16(value);
    public ushort Read(ref RompReader reader) => reader.ReadUInt16();
}

internal sealed class Int32Formatter : IRompFormatter<int>
{
    public void Write(ref RompWriter writer, int value) => writer.WriteInt32(value);
    public int Read(ref RompReader reader) => reader.ReadInt32();
}

internal sealed class UInt32Formatter : IRompFormatter<uint>
{
    public void Write(ref RompWriter writer, uint value) => writer.WriteUInt32(value);
    public uint Read(ref RompReader reader) => reader.ReadUInt32();
}

internal sealed class Int64Formatter : IRompFormatter<long>
{
    public void Write(ref RompWriter writer, long value) => writer.WriteInt64(value);
    public long Read(ref RompReader reader) => reader.ReadInt64();
}

internal sealed class UInt64Formatter : IRompFormatter<ulong>
{
    public void Write(ref RompWriter writer, ulong value) => writer.WriteUInt64(value);
    public ulong Read(ref RompReader reader) => reader.ReadUInt64();
}

internal sealed class CharFormatter : IRompFormatter<char>
{
    public void Write(ref RompWriter writer, char value) => writer.WriteChar(value);
    public char Read(ref RompReader reader) => reader.ReadChar();
}

internal sealed class SingleFormatter : IRompFormatter<float>
{
    public void Write(ref RompWriter writer, float value) => writer.WriteSingle(value);
    public float Read(ref RompReader reader) => reader.ReadSingle();
}

internal sealed class DoubleFormatter : IRompFormatter<double>
{
    public void Write(ref RompWriter writer, double value) => writer.WriteDouble(value);
    public double Read(ref RompReader reader) => reader.ReadDouble();
}

internal sealed class HalfFormatter : IRompFormatter<Half>
{
    public void Write(ref RompWriter writer, Half value) => writer.WriteHalf(value);
    public Half Read(ref RompReader reader) => reader.ReadHalf();
}

internal sealed class Int128Formatter : IRompFormatter<Int128>
{
    public void Write(ref RompWriter writer, Int128 value) => writer.WriteInt128(value);
    public Int128 Read(ref RompReader reader) => reader.ReadInt128();
}

internal sealed class UInt128Formatter : IRompFormatter<UInt128>
{
    public void Write(ref RompWriter writer, UInt128 value) => writer.WriteUInt128(value);
    public UInt128 Read(ref RompReader reader) => reader.ReadUInt128();
}

internal sealed class DecimalFormatter : IRompFormatter<decimal>
{
    public void Write(ref RompWriter writer, decimal value) => writer.WriteDecimal(value);
    public decimal Read(ref RompReader reader) => reader.ReadDecimal();
}

internal sealed class StringFormatter : IRompFormatter<string?>
{
    public void Write(ref RompWriter writer, string? value) => writer.WriteString(value);
    public string? Read(ref RompReader reader) => reader.ReadString();
}

internal sealed class GuidFormatter : IRompFormatter<Guid>
{
    public void Write(ref RompWriter writer, Guid value) => writer.WriteGuid(value);
    public Guid Read(ref RompReader reader) => reader.ReadGuid();
}

internal sealed class ByteArrayFormatter : IRompFormatter<byte[]?>
{
    public void Write(ref RompWriter writer, byte[]? value)
    {
        if (value is null)
            writer.WriteNullLength();
        else
            writer.WriteBytes(value);
    }

    public byte[]? Read(ref RompReader reader) => reader.ReadByteArray();
}

// ReadOnlyMemory<byte> has no null: an empty value and a null array both travel as length 0.
internal sealed class ReadOnlyMemoryFormatter : IRompFormatter<ReadOnlyMemory<byte>>
{
    public void Write(ref RompWriter writer, ReadOnlyMemory<byte> value) => writer.WriteBytes(value.Span);
    public ReadOnlyMemory<byte> Read(ref RompReader reader) => reader.ReadByteArray() ?? ReadOnlyMemory<byte>.Empty;
}

internal sealed class MemoryFormatter : IRompFormatter<Memory<byte>>
{
    public void Write(ref RompWriter writer, Memory<byte> value) => writer.WriteBytes(value.Span);
    public Memory<byte> Read(ref RompReader reader) => reader.ReadByteArray() ?? Memory<byte>.Empty;
}
