using System.Buffers;
using System.ComponentModel;
using MemoryPack;

namespace Romp.CompilerServices;

/// <summary>
/// Writes and reads a MemoryPack type (<c>[MemoryPackable]</c>) in a Romp payload: Romp's 32-bit length prefix (-1 for
/// null), then MemoryPack's own bytes, which Romp does not interpret. The source generator uses this formatter for every
/// <c>[MemoryPackable]</c> type that is not also <see cref="RompSerializableAttribute"/>.
/// </summary>
/// <remarks>
/// MemoryPack writes straight into the frame's buffer, behind the length prefix, and reads in place from the payload;
/// a value larger than the free space the frame had spills into a pooled buffer and is copied once, and the formatter
/// asks for that much space the next time. Any exception while MemoryPack reads, and bytes left over inside the prefix,
/// are <see cref="RompError.InvalidMessage"/>, like any other malformed payload.
/// </remarks>
/// <typeparam name="T">The MemoryPack type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class MemoryPackValueFormatter<T> : IRompFormatter<T>
{
    // Beyond this a value spills and is copied: a copy costs little next to MemoryPack writing that many bytes, and a
    // larger hint would make every later frame ask its pipe for a large buffer after one large value.
    private const int MaxSizeHint = 64 * 1024;

    // The size of the last value written, as the space to ask for the next time. Every thread writes it; it is only a
    // hint, so a lost update costs at most one spill.
    private int _sizeHint = 64;

    private MemoryPackValueFormatter()
    {
    }

    /// <summary>The formatter of <typeparamref name="T"/>.</summary>
    public static MemoryPackValueFormatter<T> Instance { get; } = new();

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        LengthPrefix prefix = writer.BeginLengthPrefix();
        var output = new SpillBufferWriter();
        MemoryPackWriterOptionalState state = MemoryPackWriterOptionalStatePool.Rent(MemoryPackSerializerOptions.Default);
        try
        {
            var packer = new MemoryPackWriter<SpillBufferWriter>(ref output, writer.GetSpan(_sizeHint), state);
            packer.WriteValue(value);
            packer.Flush();
            writer.Advance(output.InPlace);
            if (output.Spilled.Length > 0)
            {
                writer.WriteRaw(output.Spilled);
                _sizeHint = Math.Min(output.InPlace + output.Spilled.Length, MaxSizeHint);
            }
        }
        catch (MemoryPackSerializationException error)
        {
            throw new RompException(RompError.UnsupportedType, $"MemoryPack could not write a {typeof(T).Name}: {error.Message}", error);
        }
        finally
        {
            output.Dispose();
            ((IDisposable)state).Dispose();
        }

        writer.EndLengthPrefix(prefix);
    }

    /// <inheritdoc />
    public T Read(ref RompReader reader)
    {
        int length = reader.ReadLength();
        if (length < 0)
        {
            if (default(T) is not null)
                throw Malformed($"A {typeof(T).Name} value is null, but it is a struct.");
            return default!;
        }

        MemoryPackReaderOptionalState state = MemoryPackReaderOptionalStatePool.Rent(MemoryPackSerializerOptions.Default);
        // In one segment (nearly always) MemoryPack reads a span; across segments, the sequence. Never a copy.
        MemoryPackReader unpacker = reader.TryReadSpan(length, out ReadOnlySpan<byte> span)
            ? new MemoryPackReader(span, state)
            : new MemoryPackReader(reader.ReadSlice(length), state);
        try
        {
            T? value = default;
            unpacker.ReadValue(ref value);
            if (unpacker.Consumed != length)
                throw Malformed($"{length - unpacker.Consumed} unexpected bytes follow a {typeof(T).Name} value in its length prefix.");
            return value!;
        }
        catch (Exception error) when (error is not RompException)
        {
            // MemoryPack's generated readers report malformed bytes with whatever fails first (a negative list capacity
            // is an ArgumentOutOfRangeException), and Romp cannot tell that from a constructor rejecting the values:
            // either way these bytes are not a valid T.
            throw Malformed($"A {typeof(T).Name} value is not valid MemoryPack: {error.Message}", error);
        }
        finally
        {
            unpacker.Dispose();
            ((IDisposable)state).Dispose();
        }
    }

    private static RompException Malformed(string message, Exception? inner = null) => new(RompError.InvalidMessage, message, inner);
}
