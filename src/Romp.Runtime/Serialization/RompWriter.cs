using System.Buffers.Binary;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using Romp.Connections;
using Romp.Internal;

namespace Romp.CompilerServices;

/// <summary>
/// Writes Romp's binary format (little-endian, length-prefixed) into an <see cref="IBufferWriter{T}"/>.
/// Generated formatters receive it by reference; it is never copied.
/// </summary>
/// <remarks>
/// Everything written since the last <see cref="Commit"/> (for a connection: one whole frame) stays in one contiguous span
/// from <see cref="IBufferWriter{T}.GetSpan"/> and is handed over with a single <see cref="IBufferWriter{T}.Advance"/> at
/// the end. Length prefixes are filled in before that, so nothing is ever written after Advance and any buffer writer
/// works: a pipe, <c>PipeWriter.Create(stream)</c>, an <see cref="ArrayBufferWriter{T}"/>. When the span runs out, a larger
/// one is requested and what was written so far is copied over (amortised, like a growing list).
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct RompWriter
{
    /// <summary>The deepest nesting of values a writer accepts; deeper graphs are almost always cycles.</summary>
    public const int MaxDepth = 512;

    private const int MinimumBufferSize = 256;

    private readonly IBufferWriter<byte> _output;
    private Span<byte> _span;
    private int _buffered;   // bytes written into _span and not yet advanced
    private long _committed; // bytes advanced by earlier commits
    private int _depth;

    internal RompWriter(IBufferWriter<byte> output, RompConnection? connection)
    {
        _output = output;
        _span = default;
        _buffered = 0;
        _committed = 0;
        _depth = 0;
        Connection = connection;
    }

    /// <summary>The connection the value is written for; formatters of remote references export objects to it.</summary>
    internal RompConnection? Connection { get; }

    /// <summary>Bytes written so far by this writer.</summary>
    public readonly long Written => _committed + _buffered;

    /// <summary>Writes a <see cref="bool"/> as one byte, 0 or 1.</summary>
    public void WriteBoolean(bool value) => WriteByte(value ? (byte)1 : (byte)0);

    /// <summary>Writes one byte.</summary>
    public void WriteByte(byte value)
    {
        Reserve(1) = value;
        _buffered++;
    }

    /// <summary>Writes a signed byte.</summary>
    public void WriteSByte(sbyte value) => WriteByte(unchecked((byte)value));

    /// <summary>Writes a 16-bit integer, little-endian.</summary>
    public void WriteInt16(short value) { Unsafe.WriteUnaligned(ref Reserve(2), LittleEndian(value)); _buffered += 2; }

    /// <summary>Writes an unsigned 16-bit integer, little-endian.</summary>
    public void WriteUInt16(ushort value) => WriteInt16(unchecked((short)value));

    /// <summary>Writes a 32-bit integer, little-endian.</summary>
    public void WriteInt32(int value) { Unsafe.WriteUnaligned(ref Reserve(4), LittleEndian(value)); _buffered += 4; }

    /// <summary>Writes an unsigned 32-bit integer, little-endian.</summary>
    public void WriteUInt32(uint value) => WriteInt32(unchecked((int)value));

    /// <summary>Writes a 64-bit integer, little-endian.</summary>
    public void WriteInt64(long value) { Unsafe.WriteUnaligned(ref Reserve(8), LittleEndian(value)); _buffered += 8; }

    /// <summary>Writes an unsigned 64-bit integer, little-endian.</summary>
    public void WriteUInt64(ulong value) => WriteInt64(unchecked((long)value));

    /// <summary>Writes a UTF-16 code unit as an unsigned 16-bit integer.</summary>
    public void WriteChar(char value) => WriteUInt16(value);

    /// <summary>Writes an IEEE 754 single, little-endian.</summary>
    public void WriteSingle(float value) => WriteInt32(BitConverter.SingleToInt32Bits(value));

    /// <summary>Writes an IEEE 754 double, little-endian.</summary>
    public void WriteDouble(double value) => WriteInt64(BitConverter.DoubleToInt64Bits(value));

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

    /// <summary>Writes bytes with no length prefix.</summary>
    public void WriteRaw(scoped ReadOnlySpan<byte> value)
    {
        value.CopyTo(GetSpan(value.Length));
        _buffered += value.Length;
    }

    /// <summary>Writes the raw little-endian bytes of a span of unmanaged primitives (used for primitive arrays).</summary>
    internal void WriteUnmanagedSpan<T>(scoped ReadOnlySpan<T> values) where T : unmanaged =>
        WriteRaw(MemoryMarshal.AsBytes(values));

    /// <summary>
    /// Writes the key of one member of a <c>[RompSerializable]</c> value: its wire id (uint16), then its wire kind (byte).
    /// </summary>
    public void WriteMemberKey(ushort id, RompWireKind kind)
    {
        ref byte key = ref Reserve(3);
        Unsafe.WriteUnaligned(ref key, LittleEndian(unchecked((short)id)));
        Unsafe.Add(ref key, 2) = (byte)kind;
        _buffered += 3;
    }

    /// <summary>
    /// Writes <paramref name="value"/> behind an int32 length of its encoding, so that a reader that does not know the
    /// member can skip it: the framing of the length-prefixed <see cref="RompWireKind"/>s that have no length of their own.
    /// </summary>
    public void WriteDelimited<T>(IRompFormatter<T> formatter, T value)
    {
        LengthPrefix prefix = BeginLengthPrefix();
        formatter.Write(ref this, value);
        EndLengthPrefix(prefix);
    }

    /// <summary>
    /// Reserves a 32-bit length slot; call <see cref="EndLengthPrefix"/> once the bytes it measures are written.
    /// </summary>
    public LengthPrefix BeginLengthPrefix()
    {
        long slot = Written;
        WriteInt32(0);
        return new LengthPrefix(slot);
    }

    /// <summary>Writes into the slot the number of bytes written since <see cref="BeginLengthPrefix"/>.</summary>
    public void EndLengthPrefix(LengthPrefix prefix)
    {
        long length = Written - prefix.Slot - sizeof(int);
        BinaryPrimitives.WriteInt32LittleEndian(SlotSpan(prefix), checked((int)length));
    }

    /// <summary>Writes <paramref name="count"/> into a slot reserved by <see cref="BeginLengthPrefix"/> (an element count known only afterwards).</summary>
    public void EndCountPrefix(LengthPrefix prefix, int count) =>
        BinaryPrimitives.WriteInt32LittleEndian(SlotSpan(prefix), count);

    /// <summary>Enters one level of nesting; throws when the value is nested too deep (a cycle, most likely).</summary>
    public void EnterNested()
    {
        if (++_depth > MaxDepth)
            ThrowHelper.ThrowTooDeep(MaxDepth);
    }

    /// <summary>Leaves one level of nesting.</summary>
    public void ExitNested() => _depth--;

    /// <summary>Hands every byte written since the last commit to the buffer writer, with one Advance.</summary>
    internal void Commit()
    {
        if (_buffered > 0)
        {
            _output.Advance(_buffered);
            _committed += _buffered;
            _buffered = 0;
        }

        _span = default;
    }

    /// <summary>The uncommitted bytes written so far; for filling in a frame header before <see cref="Commit"/>.</summary>
    internal readonly Span<byte> Uncommitted => _span.Slice(0, _buffered);

    /// <summary>Skips <paramref name="size"/> bytes, to be filled in through <see cref="Uncommitted"/> before the commit.</summary>
    internal void Skip(int size)
    {
        GetSpan(size);
        _buffered += size;
    }

    private readonly Span<byte> SlotSpan(LengthPrefix prefix)
    {
        long offset = prefix.Slot - _committed;
        if (offset < 0 || offset + sizeof(int) > _buffered)
            ThrowHelper.ThrowSlotCommitted();
        return _span.Slice((int)offset, sizeof(int));
    }

    /// <summary>
    /// Returns writable memory of at least <paramref name="sizeHint"/> bytes right after what was written so far, for
    /// another serializer to write into directly; <see cref="Advance"/> then counts what it wrote.
    /// </summary>
    /// <remarks>
    /// The span is valid until the next write or <see cref="GetSpan"/>: a larger request may move the bytes written so
    /// far into a new buffer, as <see cref="IBufferWriter{T}.GetSpan"/> does.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> GetSpan(int sizeHint)
    {
        if (_span.Length - _buffered < sizeHint)
            Grow(sizeHint);
        return _span.Slice(_buffered);
    }

    /// <summary>Counts <paramref name="count"/> bytes written into the span of the last <see cref="GetSpan"/> as written.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is negative or more than that span held.</exception>
    public void Advance(int count)
    {
        if ((uint)count > (uint)(_span.Length - _buffered))
            ThrowHelper.ThrowAdvancePastSpan(count, _span.Length - _buffered);
        _buffered += count;
    }

    // The first of `size` free bytes. Past the check (or Grow) at least that many follow _buffered in _span, so the
    // primitives write through the reference without another bounds check.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ref byte Reserve(int size)
    {
        if (_span.Length - _buffered < size)
            Grow(size);
        return ref Unsafe.Add(ref MemoryMarshal.GetReference(_span), _buffered);
    }

    // The wire is little-endian; on a little-endian machine (every one .NET runs on today) these fold away.
    private static short LittleEndian(short value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static int LittleEndian(int value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    private static long LittleEndian(long value) => BitConverter.IsLittleEndian ? value : BinaryPrimitives.ReverseEndianness(value);

    // A larger span replaces the current one and receives its bytes: they were never advanced, so they may move.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Grow(int size)
    {
        int wanted = (int)Math.Min(Array.MaxLength, Math.Max((long)_buffered + size, Math.Max(MinimumBufferSize, 2L * _span.Length)));
        if ((long)_buffered + size > Array.MaxLength)
            ThrowHelper.ThrowTooLargeToWrite();
        Span<byte> larger = _output.GetSpan(wanted);
        _span.Slice(0, _buffered).CopyTo(larger);
        _span = larger;
    }
}
