using System.Buffers.Binary;

namespace Romp.Bench.Raw;

/// <summary>
/// Romp's 9-byte framing without Romp: payload length (uint32 LE), type (byte), call id (uint32 LE). The type
/// values are the ROMP message types, so a packet capture of the floor reads like one of Romp.
/// </summary>
internal static class RawFrame
{
    public const int HeaderSize = 9;

    // ROMP's type numbers (docs/protocol.md §2): the raw floor speaks the same framing without the Romp runtime.
    public const byte Request = 1;
    public const byte Oneway = 3;
    public const byte RetVal = 5;
    public const byte Sync = 8;
    public const byte NullMsg = 9;

    /// <summary>
    /// A call's payload, sized like Romp's: object id (4), method id (2), one int argument (4). The floor moves as
    /// many bytes as Romp does, so the comparison measures Romp's work, not a smaller packet.
    /// </summary>
    public const int CallPayloadSize = 10;

    public static void WriteHeader(Span<byte> destination, int payloadLength, byte type, uint callId)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)payloadLength);
        destination[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(5), callId);
    }

    public static void WriteCall(Span<byte> destination, byte type, uint callId, int value)
    {
        WriteHeader(destination, CallPayloadSize, type, callId);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(HeaderSize), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(HeaderSize + 4), 0);
        BinaryPrimitives.WriteInt32LittleEndian(destination.Slice(HeaderSize + 6), value);
    }

    public static void ReadHeader(ReadOnlySpan<byte> source, out int payloadLength, out byte type, out uint callId)
    {
        uint length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        if (length > int.MaxValue / 2)
            throw new InvalidDataException($"Raw frame of {length} bytes.");
        payloadLength = (int)length;
        type = source[4];
        callId = BinaryPrimitives.ReadUInt32LittleEndian(source.Slice(5));
    }
}
