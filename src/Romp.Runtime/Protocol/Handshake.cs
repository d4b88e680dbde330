using System.Buffers;
using System.Buffers.Binary;
using Romp.Internal;

namespace Romp.Protocol;

/// <summary>
/// The 12-byte hello each side sends first: magic "ROMP", protocol version (uint16 LE), flags (uint16 LE,
/// <see cref="HelloFlags"/>), and the largest frame payload the sender accepts (uint32 LE).
/// </summary>
internal static class Handshake
{
    public const int Size = 12;
    public const ushort Version = 1;

    public static ReadOnlySpan<byte> Magic => "ROMP"u8;

    public static void Write(Span<byte> destination, int maxFrameSize, HelloFlags flags = HelloFlags.None)
    {
        Magic.CopyTo(destination);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(4), Version);
        BinaryPrimitives.WriteUInt16LittleEndian(destination.Slice(6), (ushort)flags);
        BinaryPrimitives.WriteUInt32LittleEndian(destination.Slice(8), (uint)maxFrameSize);
    }

    /// <summary>
    /// Checks the bytes that have arrived so far: throws <see cref="RompError.InvalidPartner"/> as soon as they stop
    /// matching the magic, so a peer that does not speak Romp is refused on its first bytes. Returns false until the
    /// whole hello has arrived.
    /// </summary>
    // A TLS record starts with its type: 21 an alert (a TLS server refusing a plaintext hello), 22 a handshake (a TLS
    // client's hello). Either means the two sides disagree about TLS, which the message should say.
    private static RompException WrongMagic(byte first) => first switch
    {
        21 or 22 => new RompException(RompError.InvalidPartner,
            "The peer speaks TLS and this side does not: use tls:// on both sides, or tcp:// on both (wrong magic: a TLS record)."),
        _ => new RompException(RompError.InvalidPartner, "The peer does not speak the Romp protocol (wrong magic)."),
    };

    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out int peerMaxFrameSize) => TryRead(ref buffer, out peerMaxFrameSize, out _);

    /// <summary>As <see cref="TryRead(ref ReadOnlySequence{byte}, out int)"/>, with the peer's flags; bits this side does not know are ignored.</summary>
    public static bool TryRead(ref ReadOnlySequence<byte> buffer, out int peerMaxFrameSize, out HelloFlags flags)
    {
        peerMaxFrameSize = 0;
        flags = HelloFlags.None;
        Span<byte> hello = stackalloc byte[Size];
        int available = (int)Math.Min(buffer.Length, Size);
        buffer.Slice(0, available).CopyTo(hello);
        int magicBytes = Math.Min(available, Magic.Length);
        if (!hello.Slice(0, magicBytes).SequenceEqual(Magic.Slice(0, magicBytes)))
            throw WrongMagic(hello[0]);
        if (available < Size)
            return false;

        ushort version = BinaryPrimitives.ReadUInt16LittleEndian(hello.Slice(4));
        if (version != Version)
            throw new RompException(RompError.InvalidPartner, $"The peer speaks Romp protocol version {version}; this side speaks version {Version}.");
        uint max = BinaryPrimitives.ReadUInt32LittleEndian(hello.Slice(8));
        if (max < 1024)
            ThrowHelper.ThrowInvalidData($"The peer announced a maximum frame size of {max} bytes; at least 1024 is required.");
        peerMaxFrameSize = (int)Math.Min(max, int.MaxValue);
        flags = (HelloFlags)BinaryPrimitives.ReadUInt16LittleEndian(hello.Slice(6)) & HelloFlags.Known;
        buffer = buffer.Slice(Size);
        return true;
    }
}
