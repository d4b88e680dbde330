using System.Buffers.Binary;

namespace Romp.Protocol;

/// <summary>
/// The 9-byte header in front of every frame: payload length (uint32 LE), type (byte), call id (uint32 LE).
/// </summary>
internal static class FrameHeader
{
    public const int Size = 9;

    public static void Write(Span<byte> destination, FrameType type, uint callId, uint payloadLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, payloadLength);
        destination[4] = (byte)type;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(5), callId);
    }

    public static void Read(ReadOnlySpan<byte> source, out uint payloadLength, out FrameType type, out uint callId)
    {
        payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(source);
        type = (FrameType)source[4];
        callId = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(5));
    }
}
