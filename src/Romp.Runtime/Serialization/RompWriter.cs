using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Romp.Internal;

namespace Romp.Serialization;

/// <summary>
/// Writes Romp's binary format (little-endian, length-prefixed) straight into an <see cref="IBufferWriter{T}"/>.
/// Generated formatters receive it by reference; it is never copied.
/// </summary>
/// <remarks>
/// Romp only creates writers over buffers whose memory stays put once advanced (a pipe, or a segmented pooled buffer),
/// which is what lets <see cref="BeginLengthPrefix"/> patch a length after the bytes it counts have been written.
/// </remarks>
public ref struct RompWriter
{
    /// <summary>The deepest nesting of values a writer accepts; deeper graphs are almost always cycles.</summary>
    public const int MaxDepth = 512;

    private const int MinimumBufferSize = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;
    private long _committed;
    private int _depth;

    internal RompWriter(IBufferWriter<byte> output, object? context)
    {
        _output = output;
        _span = default;
        _buffered = 0;
        _committed = 0;
        _depth = 0;
        Context = context;
    }

    /// <summary>The session this value is written for (the connection), used by formatters of remote references.</summary>
    public object? Context { get; }

    /// <summary>Bytes written so far by this writer.</summary>
    public readonly long Written => _committed + _buffered;

    /// <summary>Writes a <see cref="bool"/> as one byte, 0 or 1.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        GetSpan(1)[0] = value;
        _buffered++;
    }

    /// <summary>Writes a signed byte.</summary>
    public void WriteSByte(sbyte value) => WriteByte(unchecked((byte)value));

    /// <summary>Writes a 16-bit integer, little-endian.</summary>
    public void WriteInt16(short value) { BinaryPrimitives.WriteInt16LittleEndian(GetSpan(2), value); _buffered += 2; }

    /// <summary>Writes an unsigned 16-bit integer, little-endian.</summary>
    public void WriteUInt16(ushort value) { BinaryPrimitives.WriteUInt16LittleEndian(GetSpan(2), value); _buffered += 2; }

    /// <summary>Writes a 32-bit integer, little-endian.</summary>
    public void WriteInt32(int value) { BinaryPrimitives.WriteInt32LittleEndian(GetSpan(4), value); _buffered += 4; }

    /// <summary>Writes an unsigned 32-bit integer, little-endian.</summary>
    public void WriteUInt32(uint value) { BinaryPrimitives.WriteUInt32LittleEndian(GetSpan(4), value); _buffered += 4; }

    /// <summary>Writes a 64-bit integer, little-endian.</summary>
    public void WriteInt64(long value) { BinaryPrimitives.WriteInt64LittleEndian(GetSpan(8), value); _buffered += 8; }

    /// <summary>Writes an unsigned 64-bit integer, little-endian.</summary>
    public void WriteUInt64(ulong value) { BinaryPrimitives.WriteUInt64LittleEndian(GetSpan(8), value); _buffered += 8; }

    /// <summary>Writes a UTF-16 code unit as an unsigned 16-bit integer.</summary>
    public void WriteChar(char value) => WriteUInt16(value);

    /// <summary>Writes an IEEE 754 single, little-endian.</summary>
    public void WriteSingle(float value) { BinaryPrimitives.WriteSingleLittleEndian(GetSpan(4), value); _buffered += 4; }

    /// <summary>Writes an IEEE 754 double, little-endian.</summary>
    public void WriteDouble(double value) { BinaryPrimitives.WriteDoubleLittleEndian(GetSpan(8), value); _buffered += 8; }

    /// <summary>Writes an IEEE 754 half, little-endian.</summary>
    public void WriteHalf(Half value) { BinaryPrimitives.WriteHalfLittleEndian(GetSpan(2), value); _buffered += 2; }

    /// <summary>Writes a 128-bit integer as its low then high 64 bits, little-endian.</summary>
    public void WriteInt128(Int128 value) => WriteUInt128(unchecked((UInt128)value));

    /// <summary>Writes an unsigned 128-bit integer as its low then high 64 bits, little-endian.</summary>
    public void WriteUInt128(UInt128 value)
    {
        WriteUInt64(unchecked((ulong)value));
        WriteUInt64(unchecked((ulong)(value >> 64)));
    }

    /// <summary>Writes a decimal as its four 32-bit parts (lo, mid, hi, flags), little-endian.</summary>
    public void WriteDecimal(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        Span<byte> span = GetSpan(16);
        for (int i = 0; i < 4; i++)
            BinaryPrimitives.WriteInt32LittleEndian(span.Slice(i * 4), bits[i]);
        _buffered += 16;
    }

    /// <summary>Writes a <see cref="Guid"/> as its 16 bytes in <see cref="Guid.TryWriteBytes(Span{byte})"/> order.</summary>
    public void WriteGuid(Guid value)
    {
        value.TryWriteBytes(GetSpan(16));
        _buffered += 16;
    }

    /// <summary>
    /// Writes a collection or string length: a 32-bit integer where -1 stands for <see langword="null"/>.
    /// </summary>
    public void WriteLength(int length) => WriteInt32(length);

    /// <summary>Writes the null marker (-1) of a length-prefixed value.</summary>
    public void WriteNullLength() => WriteInt32(-1);

    /// <summary>Writes a string as its UTF-8 byte length (or -1 for null) followed by the UTF-8 bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteNullLength();
            return;
        }

        // Short strings: encode once into a span sized for the worst case. Long strings: count first so that the
        // request for contiguous memory is exact.
        int maxBytes = value.Length <= 512 ? Encoding.UTF8.GetMaxByteCount(value.Length) : Encoding.UTF8.GetByteCount(value);
        Span<byte> span = GetSpan(4 + maxBytes);
        int written = Encoding.UTF8.GetBytes(value, span.Slice(4));
        BinaryPrimitives.WriteInt32LittleEndian(span, written);
        _buffered += 4 + written;
    }

    /// <summary>Writes a byte sequence as its length followed by the bytes.</summary>
    public void WriteBytes(scoped ReadOnlySpan<byte> value)
    {
        WriteLength(value.Length);
        WriteRaw(value);
    }

    /// <summary>Writes bytes with no length prefix, across as many buffer segments as needed.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        while (!value.IsEmpty)
        {
            Span<byte> span = GetSpan(1);
            int n = Math.Min(span.Length, value.Length);
            value.Slice(0, n).CopyTo(span);
            _buffered += n;
            value = value.Slice(n);
        }
    }

    /// <summary>Writes the raw little-endian bytes of a span of unmanaged primitives (used for primitive arrays).</summary>
    internal void WriteUnmanagedSpan<T>(scoped ReadOnlySpan<T> values) where T : unmanaged =>
        WriteRaw(MemoryMarshal.AsBytes(values));

    /// <summary>
    /// Reserves a 32-bit length slot; call <see cref="EndLengthPrefix"/> once the bytes it measures are written.
    /// </summary>
    public LengthPrefix BeginLengthPrefix()
    {
        Span<byte> slot = Reserve(4);
        return new LengthPrefix(slot, Written);
    }

    /// <summary>Writes into the slot the number of bytes written since <see cref="BeginLengthPrefix"/>.</summary>
    public readonly void EndLengthPrefix(LengthPrefix prefix)
    {
        long length = Written - prefix.Start;
        BinaryPrimitives.WriteInt32LittleEndian(prefix.Slot, checked((int)length));
    }

    /// <summary>Writes <paramref name="count"/> into a slot reserved by <see cref="BeginLengthPrefix"/> (an element count known only afterwards).</summary>
    public readonly void EndCountPrefix(LengthPrefix prefix, int count) =>
        BinaryPrimitives.WriteInt32LittleEndian(prefix.Slot, count);

    /// <summary>Enters one level of nesting; throws when the value is nested too deep (a cycle, most likely).</summary>
    public void EnterNested()
    {
        if (++_depth > MaxDepth)
            ThrowHelper.ThrowTooDeep(MaxDepth);
    }

    /// <summary>Leaves one level of nesting.</summary>
    public void ExitNested() => _depth--;

    /// <summary>Hands every buffered byte to the underlying buffer writer.</summary>
    public void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>Commits, then reserves <paramref name="size"/> bytes whose memory stays valid until the frame is flushed.</summary>
    internal Span<byte> Reserve(int size)
    {
        Commit();
        Span<byte> slot = _output.GetSpan(size).Slice(0, size);
        _output.Advance(size);
        _committed += size;
        return slot;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private Span<byte> GetSpan(int size)
    {
        if (_span.Length - _buffered < size)
            Grow(size);
        return _span.Slice(_buffered);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        Commit();
        _span = _output.GetSpan(Math.Max(size, MinimumBufferSize));
    }
}
