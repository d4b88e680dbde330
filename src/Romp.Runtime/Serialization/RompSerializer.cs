using System.Buffers;
using Romp.CompilerServices;

namespace Romp;

/// <summary>
/// Serializes one value in Romp's wire format outside a connection: for caching, persistence, or to check what a
/// formatter writes. Connections do not use it; they write straight into their output.
/// </summary>
public static class RompSerializer
{
    /// <summary>Writes <paramref name="value"/> with <paramref name="formatter"/> and returns the bytes.</summary>
    public static byte[] Serialize<T>(T value, IRompFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var output = new ArrayBufferWriter<byte>();
        Serialize(output, value, formatter);
        return output.WrittenSpan.ToArray();
    }

    /// <summary>Writes <paramref name="value"/> with <paramref name="formatter"/> into <paramref name="output"/>, with one Advance.</summary>
    public static void Serialize<T>(IBufferWriter<byte> output, T value, IRompFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(formatter);
        var writer = new RompWriter(output, connection: null);
        formatter.Write(ref writer, value);
        writer.Commit();
    }

    /// <summary>Reads one value that must take up all of <paramref name="data"/>.</summary>
    /// <exception cref="RompException">The bytes are malformed (<see cref="RompError.InvalidMessage"/>).</exception>
    public static T Deserialize<T>(ReadOnlySequence<byte> data, IRompFormatter<T> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        var reader = new RompReader(data);
        T value = formatter.Read(ref reader);
        reader.EnsureEnd();
        return value;
    }

    /// <summary>Reads one value that must take up all of <paramref name="data"/>.</summary>
    /// <exception cref="RompException">The bytes are malformed (<see cref="RompError.InvalidMessage"/>).</exception>
    public static T Deserialize<T>(ReadOnlyMemory<byte> data, IRompFormatter<T> formatter) =>
        Deserialize(new ReadOnlySequence<byte>(data), formatter);
}
