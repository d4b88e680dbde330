namespace Romp.Fuzz.Wire;

/// <summary>One complete frame found in a byte stream: its header fields and where its payload lies.</summary>
internal readonly record struct WireFrame(byte Type, uint CallId, int Offset, int PayloadLength)
{
    public int PayloadOffset => Offset + WireType.HeaderSize;

    public int End => PayloadOffset + PayloadLength;

    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> stream) => stream.Slice(PayloadOffset, PayloadLength);
}
