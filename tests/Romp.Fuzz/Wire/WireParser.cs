using System.Buffers.Binary;

namespace Romp.Fuzz.Wire;

/// <summary>
/// An independent reading of docs/protocol.md §1.1 and §2, written without the runtime's FrameReader: the fuzzer's
/// oracle for which frames of a (mutated) stream a correct receiver parses, and a second opinion to compare the
/// runtime's reader with.
/// </summary>
internal static class WireParser
{
    /// <summary>The hello's fields, or why a receiver refuses it.</summary>
    public static HelloCheck CheckHello(ReadOnlySpan<byte> stream)
    {
        int magic = Math.Min(stream.Length, 4);
        if (!stream.Slice(0, magic).SequenceEqual("ROMP"u8.Slice(0, magic)))
            return HelloCheck.WrongMagic;
        if (stream.Length < WireType.HelloSize)
            return HelloCheck.Incomplete;
        if (BinaryPrimitives.ReadUInt16LittleEndian(stream.Slice(4)) != 1)
            return HelloCheck.WrongVersion;
        if (BinaryPrimitives.ReadUInt32LittleEndian(stream.Slice(8)) < 1024)
            return HelloCheck.FrameTooSmall;
        return HelloCheck.Valid;
    }

    /// <summary>The max frame a valid hello announces.</summary>
    public static uint HelloMaxFrame(ReadOnlySpan<byte> hello) => BinaryPrimitives.ReadUInt32LittleEndian(hello.Slice(8));

    /// <summary>
    /// Reads frames from <paramref name="offset"/> until the stream ends or a header breaks the rules for a receiver
    /// whose max frame is <paramref name="maxPayload"/>. Oversized DISCARDs are complete once all their bytes are there.
    /// </summary>
    public static WireParse Parse(ReadOnlySpan<byte> stream, int offset, uint maxPayload)
    {
        var frames = new List<WireFrame>();
        int position = offset;
        // Each frame takes at least a header, so this loop runs at most stream.Length / 9 + 1 times.
        while (position < stream.Length)
        {
            if (stream.Length - position < WireType.HeaderSize)
                return new WireParse(frames, WireStop.Truncated, position);
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(stream.Slice(position));
            byte type = stream[position + 4];
            uint callId = BinaryPrimitives.ReadUInt32LittleEndian(stream.Slice(position + 5));
            if (!WireType.IsValid(type))
                return new WireParse(frames, WireStop.UnknownType, position);
            if (length > maxPayload && type != WireType.Discard)
                return new WireParse(frames, WireStop.TooLarge, position);
            if ((ulong)(stream.Length - position - WireType.HeaderSize) < length)
                return new WireParse(frames, WireStop.Truncated, position);
            frames.Add(new WireFrame(type, callId, position, (int)length));
            position += WireType.HeaderSize + (int)length;
        }

        return new WireParse(frames, WireStop.End, position);
    }
}
