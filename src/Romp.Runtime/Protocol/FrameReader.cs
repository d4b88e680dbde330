using System.Buffers;
using Romp.Internal;

namespace Romp.Protocol;

/// <summary>Parses frames out of a byte sequence. Pure: it only slices, never copies or allocates.</summary>
internal static class FrameReader
{
    /// <summary>
    /// Reads one whole frame from the front of <paramref name="buffer"/> and slices it off. Returns false when the
    /// buffer does not yet hold a whole frame (nothing is consumed). Throws <see cref="RompException"/> with
    /// <see cref="RompError.InvalidMessage"/> for a length over <paramref name="maxPayload"/> or an unknown type, as
    /// soon as the header has arrived, before any payload is buffered.
    /// </summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, int maxPayload, out Frame frame)
    {
        if (!TryPeekHeader(in buffer, out uint length, out FrameType type, out uint callId))
        {
            frame = default;
            return false;
        }

        if (type is 0 or > FrameType.BytesStop)
            ThrowHelper.ThrowUnknownFrameType((byte)type);
        if (length > (uint)maxPayload)
            ThrowHelper.ThrowFrameTooLarge(length, maxPayload);
        if (buffer.Length - FrameHeader.Size < length)
        {
            frame = default;
            return false;
        }

        ReadOnlySequence<byte> payload = buffer.Slice(FrameHeader.Size, length);
        frame = new Frame(type, callId, payload);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>
    /// Drops a DISCARD frame too large to buffer (a sender abandons an oversized frame this way): slices off its header
    /// and as much of its payload as has arrived, and reports how many more bytes to skip as they arrive.
    /// </summary>
    public static bool TryReadOversizedDiscard(ref ReadOnlySequence<byte> buffer, int maxPayload, out long remaining)
    {
        remaining = 0;
        if (!TryPeekHeader(in buffer, out uint length, out FrameType type, out _) || type != FrameType.Discard || length <= (uint)maxPayload)
            return false;
        long available = Math.Min(buffer.Length - FrameHeader.Size, length);
        buffer = buffer.Slice(FrameHeader.Size + available);
        remaining = length - available;
        return true;
    }

    /// <summary>The type of the next frame, once its header has arrived; nothing is consumed.</summary>
    public static bool TryPeekType(in ReadOnlySequence<byte> buffer, out FrameType type) =>
        TryPeekHeader(in buffer, out _, out type, out _);

    private static bool TryPeekHeader(in ReadOnlySequence<byte> buffer, out uint length, out FrameType type, out uint callId)
    {
        if (buffer.Length < FrameHeader.Size)
        {
            length = 0;
            type = 0;
            callId = 0;
            return false;
        }

        ReadOnlySpan<byte> first = buffer.FirstSpan;
        if (first.Length >= FrameHeader.Size)
        {
            FrameHeader.Read(first, out length, out type, out callId);
            return true;
        }

        Span<byte> header = stackalloc byte[FrameHeader.Size];
        buffer.Slice(0, FrameHeader.Size).CopyTo(header);
        FrameHeader.Read(header, out length, out type, out callId);
        return true;
    }
}
