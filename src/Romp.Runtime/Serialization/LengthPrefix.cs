namespace Romp.Serialization;

/// <summary>A reserved 32-bit length slot in a <see cref="RompWriter"/>'s output; see <see cref="RompWriter.BeginLengthPrefix"/>.</summary>
public readonly ref struct LengthPrefix
{
    internal LengthPrefix(Span<byte> slot, long start)
    {
        Slot = slot;
        Start = start;
    }

    internal Span<byte> Slot { get; }

    internal long Start { get; }
}
