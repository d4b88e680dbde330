using System.Buffers.Binary;

namespace Romp.Fuzz.Wire;

/// <summary>Writes frames and payload pieces by docs/protocol.md, for the frames the mutator makes up.</summary>
internal static class FrameBuilder
{
    public static byte[] Frame(byte type, uint callId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[WireType.HeaderSize + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        frame[4] = type;
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), callId);
        payload.CopyTo(frame.AsSpan(WireType.HeaderSize));
        return frame;
    }

    /// <summary>A call payload's head: object id, method id, and for REQUEST_BLOCK the initial credit.</summary>
    public static void CallHead(List<byte> payload, uint objectId, ushort method, uint? credit = null)
    {
        UInt32(payload, objectId);
        payload.Add((byte)method);
        payload.Add((byte)(method >> 8));
        if (credit is { } c)
            UInt32(payload, c);
    }

    public static void UInt32(List<byte> payload, uint value)
    {
        for (int shift = 0; shift < 32; shift += 8)
            payload.Add((byte)(value >> shift));
    }

    public static void Int64(List<byte> payload, long value)
    {
        UInt32(payload, (uint)value);
        UInt32(payload, (uint)(value >> 32));
    }

    /// <summary>
    /// A <c>Chain</c> <paramref name="depth"/> records deep (§5: length, then the member Value as key and int32, then the
    /// member Next as key and the next link), written in one pass from the outside in, since a nesting bomb is far too
    /// deep to build as objects.
    /// </summary>
    public static void Chain(List<byte> payload, int depth)
    {
        const byte Int32Kind = 0x0B, RecordKind = 0x1F;
        const int LinkHead = 4 + 3 + 4 + 3;
        int total = depth * LinkHead + 4;
        for (int level = 0; level < depth; level++)
        {
            int after = total - level * LinkHead - 4;
            UInt32(payload, (uint)after);
            Key(payload, DerivedIds.Value, Int32Kind);
            UInt32(payload, (uint)level);
            Key(payload, DerivedIds.Next, RecordKind);
        }

        UInt32(payload, uint.MaxValue);
    }

    private static void Key(List<byte> payload, ushort id, byte kind)
    {
        payload.Add((byte)id);
        payload.Add((byte)(id >> 8));
        payload.Add(kind);
    }
}
