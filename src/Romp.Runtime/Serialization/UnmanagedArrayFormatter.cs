using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>
/// Formats arrays of fixed-size numeric primitives (int, long, double, ...) as a length and one block copy of their
/// little-endian bytes. The length is checked against the exact byte count before the array is allocated.
/// </summary>
/// <typeparam name="T">A numeric primitive whose in-memory form is its wire form on a little-endian machine.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class UnmanagedArrayFormatter<T> : IRompFormatter<T[]?> where T : unmanaged
{
    private readonly IRompFormatter<T> _element;

    /// <summary>Creates the formatter; <paramref name="element"/> is used element by element on big-endian machines.</summary>
    public UnmanagedArrayFormatter(IRompFormatter<T> element) => _element = element;

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T[]? value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        writer.WriteLength(value.Length);
        if (BitConverter.IsLittleEndian)
        {
            writer.WriteUnmanagedSpan<T>(value);
            return;
        }

        foreach (T item in value)
            _element.Write(ref writer, item);
    }

    /// <inheritdoc />
    public T[]? Read(ref RompReader reader)
    {
        int count = reader.ReadLength(System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
        if (count < 0)
            return null;
        T[] result = count == 0 ? [] : GC.AllocateUninitializedArray<T>(count);
        if (BitConverter.IsLittleEndian)
        {
            reader.ReadUnmanagedSpan<T>(result);
            return result;
        }

        for (int i = 0; i < result.Length; i++)
            result[i] = _element.Read(ref reader);
        return result;
    }
}
