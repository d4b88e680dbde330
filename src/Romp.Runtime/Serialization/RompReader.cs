using System.Buffers.Binary;
using System.Buffers;
using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using Romp.Connections;
using Romp.Internal;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// Reads Romp's binary format from a <see cref="ReadOnlySequence{T}"/> without copying it. Every length is checked
/// against the bytes that remain before anything is allocated, so a peer cannot make the reader allocate a size it
/// merely claims.
/// </summary>
/// <remarks>
/// Reads are served from the unread part of the current segment as a span, and only a read that crosses a segment
/// boundary goes through the <see cref="SequenceReader{T}"/>, which is advanced past the span's bytes lazily: a
/// payload is nearly always one segment, and a span read is a bounds check where the sequence reader's is several.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public ref struct RompReader
{
    private const int MinScratchDecode = 64;
    private const int MaxStackDecode = 1024;
    private const int MaxPooledDecode = 64 * 1024;

    private static readonly UTF8Encoding s_strictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The position is _reader's plus _pending; _span is the rest of _reader's current segment from there. Everything
    // that reads through _reader first calls Sync, which advances it by _pending, and afterwards Refresh.
    private SequenceReader<byte> _reader;
    private ReadOnlySpan<byte> _span;
    private int _pending;
    private int _depth;

    internal RompReader(ReadOnlySequence<byte> data, RompConnection? connection = null, IncomingCall? call = null)
    {
        _reader = new SequenceReader<byte>(data);
        _span = _reader.UnreadSpan;
        _pending = 0;
        _depth = 0;
        Connection = connection;
        Call = call;
    }

    /// <summary>The connection the value is read from; formatters of remote references look objects up on it.</summary>
    internal RompConnection? Connection { get; }

    /// <summary>The received call whose arguments are being read, if any: blocks among them live as long as it.</summary>
    internal IncomingCall? Call { get; }

    /// <summary>Bytes not read yet.</summary>
    public readonly long Remaining => _reader.Remaining - _pending;

    /// <summary>Bytes read so far.</summary>
    public readonly long Consumed => _reader.Consumed + _pending;

    /// <summary>Reads a <see cref="bool"/>; any byte other than 0 or 1 is malformed.</summary>
    public bool ReadBoolean()
    {
        byte b = ReadByte();
        if (b > 1)
            ThrowHelper.ThrowInvalidData($"{b} is not a boolean.");
        return b == 1;
    }

    /// <summary>Reads one byte.</summary>
    public byte ReadByte()
    {
        if (_span.Length >= 1)
        {
            byte value = _span[0];
            Take(1);
            return value;
        }

        return ReadByteAcross();
    }

    /// <summary>Reads a signed byte.</summary>
    public sbyte ReadSByte() => unchecked((sbyte)ReadByte());

    /// <summary>Reads a little-endian 16-bit integer.</summary>
    public short ReadInt16()
    {
        if (_span.Length >= sizeof(short))
        {
            short value = BinaryPrimitives.ReadInt16LittleEndian(_span);
            Take(sizeof(short));
            return value;
        }

        return ReadInt16Across();
    }

    /// <summary>Reads a little-endian unsigned 16-bit integer.</summary>
    public ushort ReadUInt16() => unchecked((ushort)ReadInt16());

    /// <summary>Reads a little-endian 32-bit integer.</summary>
    public int ReadInt32()
    {
        if (_span.Length >= sizeof(int))
        {
            int value = BinaryPrimitives.ReadInt32LittleEndian(_span);
            Take(sizeof(int));
            return value;
        }

        return ReadInt32Across();
    }

    /// <summary>Reads a little-endian unsigned 32-bit integer.</summary>
    public uint ReadUInt32() => unchecked((uint)ReadInt32());

    /// <summary>Reads a little-endian 64-bit integer.</summary>
    public long ReadInt64()
    {
        if (_span.Length >= sizeof(long))
        {
            long value = BinaryPrimitives.ReadInt64LittleEndian(_span);
            Take(sizeof(long));
            return value;
        }

        return ReadInt64Across();
    }

    /// <summary>Reads a little-endian unsigned 64-bit integer.</summary>
    public ulong ReadUInt64() => unchecked((ulong)ReadInt64());

    /// <summary>Reads a UTF-16 code unit.</summary>
    public char ReadChar() => (char)ReadUInt16();

    /// <summary>Reads a little-endian IEEE 754 single.</summary>
    public float ReadSingle() => BitConverter.Int32BitsToSingle(ReadInt32());

    /// <summary>Reads a little-endian IEEE 754 double.</summary>
    public double ReadDouble() => BitConverter.Int64BitsToDouble(ReadInt64());

    /// <summary>Reads a little-endian IEEE 754 half.</summary>
    public Half ReadHalf() => BitConverter.Int16BitsToHalf(ReadInt16());

    /// <summary>Reads a 128-bit integer written by <see cref="RompWriter.WriteInt128"/>.</summary>
    public Int128 ReadInt128() => unchecked((Int128)ReadUInt128());

    /// <summary>Reads an unsigned 128-bit integer written by <see cref="RompWriter.WriteUInt128"/>.</summary>
    public UInt128 ReadUInt128()
    {
        ulong low = ReadUInt64();
        ulong high = ReadUInt64();
        return new UInt128(high, low);
    }

    /// <summary>Reads a decimal written by <see cref="RompWriter.WriteDecimal"/>; invalid flags are malformed input.</summary>
    public decimal ReadDecimal()
    {
        Span<byte> bytes = stackalloc byte[16];
        ReadRaw(bytes);
        Span<int> bits = stackalloc int[4];
        for (int i = 0; i < 4; i++)
            bits[i] = BinaryPrimitives.ReadInt32LittleEndian(bytes.Slice(i * 4));
        try
        {
            return new decimal(bits);
        }
        catch (ArgumentException)
        {
            ThrowHelper.ThrowInvalidData("The bytes do not form a valid decimal.");
            return default;
        }
    }

    /// <summary>Reads a <see cref="Guid"/>.</summary>
    public Guid ReadGuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        ReadRaw(bytes);
        return new Guid(bytes);
    }

    /// <summary>
    /// Reads a length written by <see cref="RompWriter.WriteLength"/>: -1 for null, otherwise a count that is checked
    /// against the remaining bytes, each element taking at least <paramref name="minElementSize"/> bytes.
    /// </summary>
    public int ReadLength(int minElementSize = 1)
    {
        int length = ReadInt32();
        if (length < -1 || (long)length * minElementSize > Remaining)
            ThrowHelper.ThrowInvalidLength(length, Remaining);
        return length;
    }

    /// <summary>Reads a string written by <see cref="RompWriter.WriteString"/>; invalid UTF-8 is malformed input.</summary>
    public string? ReadString()
    {
        int length = ReadLength();
        if (length < 0)
            return null;
        if (length == 0)
            return string.Empty;
        try
        {
            if (_span.Length >= length)
            {
                string value = DecodeUtf8(_span.Slice(0, length));
                Take(length);
                return value;
            }

            Sync();
            string result = s_strictUtf8.GetString(_reader.UnreadSequence.Slice(0, length));
            _reader.Advance(length);
            Refresh();
            return result;
        }
        catch (DecoderFallbackException)
        {
            ThrowHelper.ThrowInvalidData("A string is not valid UTF-8.");
            return null;
        }
    }

    // The wire has the UTF-8 length only. Counting the UTF-16 length first (as Encoding.GetString does) costs about as much
    // as transcoding once the text is not ASCII, so longer strings are transcoded once into scratch space of one char per
    // byte (never too few) and copied into the string. Short ones are cheaper to count than to copy, and past
    // MaxPooledDecode the scratch space is not worth holding.
    private static string DecodeUtf8(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < MinScratchDecode)
            return DecodeShort(bytes);
        if (bytes.Length <= MaxStackDecode)
            return DecodeUtf8(bytes, stackalloc char[bytes.Length]);
        if (bytes.Length > MaxPooledDecode)
            return s_strictUtf8.GetString(bytes);
        char[] scratch = ArrayPool<char>.Shared.Rent(bytes.Length);
        try
        {
            return DecodeUtf8(bytes, scratch);
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
        }
    }

    // Short strings (keys, names, ids) are mostly ASCII, where each byte is one char: widen them straight into the new
    // string, which nothing else can see yet, in one pass. The first byte that is not ASCII sends the string the long
    // way instead.
    private static string DecodeShort(ReadOnlySpan<byte> bytes)
    {
        string result = new('\0', bytes.Length);
        Span<char> chars = MemoryMarshal.CreateSpan(ref MemoryMarshal.GetReference(result.AsSpan()), result.Length);
        return Ascii.ToUtf16(bytes, chars, out _) == OperationStatus.Done ? result : s_strictUtf8.GetString(bytes);
    }

    private static string DecodeUtf8(ReadOnlySpan<byte> bytes, Span<char> scratch)
    {
        if (Utf8.ToUtf16(bytes, scratch, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            ThrowHelper.ThrowInvalidData("A string is not valid UTF-8.");
        return new string(scratch.Slice(0, written));
    }

    /// <summary>Reads a byte array written by <see cref="RompWriter.WriteBytes"/>; -1 gives <see langword="null"/>.</summary>
    public byte[]? ReadByteArray()
    {
        int length = ReadLength();
        if (length < 0)
            return null;
        byte[] result = length == 0 ? [] : GC.AllocateUninitializedArray<byte>(length);
        ReadRaw(result);
        return result;
    }

    /// <summary>Reads <paramref name="destination"/>.Length raw bytes.</summary>
    public void ReadRaw(scoped Span<byte> destination)
    {
        if (_span.Length >= destination.Length)
        {
            _span.Slice(0, destination.Length).CopyTo(destination);
            Take(destination.Length);
            return;
        }

        ReadAcross(destination);
    }

    /// <summary>
    /// Reads the next <paramref name="length"/> bytes as a slice of the payload, without copying them: for another
    /// serializer to decode in place. The slice is valid only as long as the payload, so decode it before returning.
    /// </summary>
    /// <exception cref="RompException"><paramref name="length"/> is negative or more than remains (<see cref="RompError.InvalidMessage"/>).</exception>
    public ReadOnlySequence<byte> ReadSlice(int length)
    {
        if ((uint)length > (ulong)Remaining)
            ThrowHelper.ThrowInvalidLength(length, Remaining);
        Sync();
        ReadOnlySequence<byte> slice = _reader.UnreadSequence.Slice(0, length);
        _reader.Advance(length);
        Refresh();
        return slice;
    }

    /// <summary>
    /// Reads the next <paramref name="length"/> bytes in place when they lie in one segment, as a span (cheaper to decode
    /// than a sequence); returns <see langword="false"/> and reads nothing when they do not, or when fewer remain.
    /// The span is valid only as long as the payload, as for <see cref="ReadSlice"/>.
    /// </summary>
    public bool TryReadSpan(int length, out ReadOnlySpan<byte> bytes)
    {
        if ((uint)length > (uint)_span.Length)
        {
            bytes = default;
            return false;
        }

        bytes = _span.Slice(0, length);
        Take(length);
        return true;
    }

    /// <summary>Skips <paramref name="count"/> bytes.</summary>
    public void Skip(long count)
    {
        if (count < 0 || count > Remaining)
            ThrowHelper.ThrowInvalidLength(count, Remaining);
        if (count <= _span.Length)
        {
            Take((int)count);
            return;
        }

        Sync();
        _reader.Advance(count);
        Refresh();
    }

    /// <summary>Reads the key of one member of a <c>[RompSerializable]</c> value: its wire id, and its wire kind.</summary>
    public ushort ReadMemberKey(out RompWireKind kind)
    {
        if (_span.Length >= 3)
        {
            ushort id = BinaryPrimitives.ReadUInt16LittleEndian(_span);
            kind = (RompWireKind)_span[2];
            Take(3);
            return id;
        }

        ushort slow = ReadUInt16();
        kind = (RompWireKind)ReadByte();
        return slow;
    }

    /// <summary>
    /// Skips the value of a member this side does not know, by the framing in the low three bits of its
    /// <paramref name="kind"/>: a kind added by a later version is skipped as well as a known one.
    /// </summary>
    public void SkipMember(RompWireKind kind)
    {
        switch ((byte)kind & 7)
        {
            case 0:
                return;
            case 1:
                Skip(1);
                return;
            case 2:
                Skip(2);
                return;
            case 3:
                Skip(4);
                return;
            case 4:
                Skip(8);
                return;
            case 5:
                Skip(10);
                return;
            case 6:
                Skip(16);
                return;
            default:
                int length = ReadInt32();
                if (length < -1)
                    ThrowHelper.ThrowInvalidLength(length, Remaining);
                if (length > 0)
                    Skip(length);
                return;
        }
    }

    /// <summary>
    /// Reads a value written by <see cref="RompWriter.WriteDelimited"/>: an int32 length, then exactly that many bytes of
    /// the value's encoding; a value that takes more or fewer bytes is malformed.
    /// </summary>
    public T ReadDelimited<T>(IRompFormatter<T> formatter)
    {
        int length = ReadInt32();
        if ((uint)length > (ulong)Remaining)
            ThrowHelper.ThrowInvalidLength(length, Remaining);
        long start = Consumed;
        T value = formatter.Read(ref this);
        if (Consumed - start != length)
            ThrowHelper.ThrowInvalidData($"The value takes {Consumed - start} bytes, but its length says {length}.");
        return value;
    }

    /// <summary>Throws when the members of a <c>[RompSerializable]</c> value did not end exactly at <paramref name="end"/>.</summary>
    public readonly void EndMembers(long end)
    {
        if (Consumed != end)
            ThrowHelper.ThrowInvalidData($"The last member runs {Consumed - end} bytes past the length of the value.");
    }

    /// <summary>Enters one level of nesting; throws when the input is nested deeper than <see cref="RompWriter.MaxDepth"/>.</summary>
    public void EnterNested()
    {
        if (++_depth > RompWriter.MaxDepth)
            ThrowHelper.ThrowInvalidData($"The payload nests values more than {RompWriter.MaxDepth} levels deep.");
    }

    /// <summary>Leaves one level of nesting.</summary>
    public void ExitNested() => _depth--;

    /// <summary>Throws when bytes remain: a payload must be consumed exactly.</summary>
    public readonly void EnsureEnd()
    {
        if (Remaining != 0)
            ThrowHelper.ThrowInvalidData($"{Remaining} unexpected bytes follow the last value of the payload.");
    }

    /// <summary>Reads raw little-endian primitives into <paramref name="destination"/>.</summary>
    internal void ReadUnmanagedSpan<T>(scoped Span<T> destination) where T : unmanaged =>
        ReadRaw(MemoryMarshal.AsBytes(destination));

    /// <summary>Consumes <paramref name="count"/> bytes of <see cref="_span"/>, which holds at least that many.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private void Take(int count)
    {
        _span = _span.Slice(count);
        _pending += count;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private byte ReadByteAcross()
    {
        Span<byte> bytes = stackalloc byte[1];
        ReadAcross(bytes);
        return bytes[0];
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private short ReadInt16Across()
    {
        Span<byte> bytes = stackalloc byte[sizeof(short)];
        ReadAcross(bytes);
        return BinaryPrimitives.ReadInt16LittleEndian(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private int ReadInt32Across()
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        ReadAcross(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private long ReadInt64Across()
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        ReadAcross(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    // A read that crosses into the next segment, or runs past the end: through the sequence reader.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ReadAcross(scoped Span<byte> destination)
    {
        Sync();
        if (!_reader.TryCopyTo(destination))
            ThrowHelper.ThrowTruncated();
        _reader.Advance(destination.Length);
        Refresh();
    }

    private void Sync()
    {
        if (_pending > 0)
        {
            _reader.Advance(_pending);
            _pending = 0;
        }
    }

    private void Refresh() => _span = _reader.UnreadSpan;
}
