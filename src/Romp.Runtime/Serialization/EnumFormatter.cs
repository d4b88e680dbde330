using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Romp.CompilerServices;

/// <summary>Formats an enum as its underlying integer, little-endian, in the enum's own size.</summary>
/// <typeparam name="T">The enum type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class EnumFormatter<T> : IRompFormatter<T> where T : unmanaged, Enum
{
    /// <summary>The formatter instance for <typeparamref name="T"/>.</summary>
    public static readonly EnumFormatter<T> Instance = new();

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T value)
    {
        // The size checks fold to one branch per instantiation: no boxing, no reflection.
        if (Unsafe.SizeOf<T>() == 1) writer.WriteByte(Unsafe.As<T, byte>(ref value));
        else if (Unsafe.SizeOf<T>() == 2) writer.WriteUInt16(Unsafe.As<T, ushort>(ref value));
        else if (Unsafe.SizeOf<T>() == 4) writer.WriteUInt32(Unsafe.As<T, uint>(ref value));
        else writer.WriteUInt64(Unsafe.As<T, ulong>(ref value));
    }

    /// <inheritdoc />
    public T Read(ref RompReader reader)
    {
        if (Unsafe.SizeOf<T>() == 1) { byte v = reader.ReadByte(); return Unsafe.As<byte, T>(ref v); }
        if (Unsafe.SizeOf<T>() == 2) { ushort v = reader.ReadUInt16(); return Unsafe.As<ushort, T>(ref v); }
        if (Unsafe.SizeOf<T>() == 4) { uint v = reader.ReadUInt32(); return Unsafe.As<uint, T>(ref v); }
        ulong l = reader.ReadUInt64();
        return Unsafe.As<ulong, T>(ref l);
    }
}
