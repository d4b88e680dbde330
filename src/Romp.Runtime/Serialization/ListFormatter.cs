using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>Formats <see cref="List{T}"/> as a length (-1 for null) followed by the elements.</summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ListFormatter<T> : IRompFormatter<List<T>?>
{
    private readonly IRompFormatter<T> _element;

    /// <summary>Creates a formatter that writes each element with <paramref name="element"/>.</summary>
    public ListFormatter(IRompFormatter<T> element) => _element = element;

    /// <inheritdoc />
    public void Write(ref RompWriter writer, List<T>? value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        // A span of the list's items: the count written is the number of items written, and no enumerator checks a
        // version per item.
        ReadOnlySpan<T> items = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(value);
        writer.EnterNested();
        writer.WriteLength(items.Length);
        foreach (T item in items)
            _element.Write(ref writer, item);
        writer.ExitNested();
    }

    /// <inheritdoc />
    public List<T>? Read(ref RompReader reader)
    {
        int count = reader.ReadLength();
        if (count < 0)
            return null;
        reader.EnterNested();
        var result = new List<T>(CollectionLimits.InitialCapacity(count));
        for (int i = 0; i < count; i++)
            result.Add(_element.Read(ref reader));
        reader.ExitNested();
        return result;
    }
}
