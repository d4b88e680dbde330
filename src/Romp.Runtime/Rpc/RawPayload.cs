namespace Romp.Rpc;

/// <summary>Arguments already encoded (by <see cref="Romp.Description.RompJsonCodec"/>, say), written as they are.</summary>
internal readonly struct RawArguments(ReadOnlyMemory<byte> payload) : IRompArgs
{
    public void Write(ref RompWriter writer) => writer.WriteRaw(payload.Span);
}

/// <summary>A result read as the bytes it is: the whole rest of the answer's payload.</summary>
internal sealed class RawResult : IRompFormatter<byte[]>
{
    public static readonly RawResult Instance = new();

    public void Write(ref RompWriter writer, byte[] value) => writer.WriteRaw(value);

    public byte[] Read(ref RompReader reader)
    {
        // Bounded by the frame, which the read loop already holds: at most MaxFrameSize.
        byte[] bytes = reader.Remaining == 0 ? [] : GC.AllocateUninitializedArray<byte>(checked((int)reader.Remaining));
        reader.ReadRaw(bytes);
        return bytes;
    }
}
