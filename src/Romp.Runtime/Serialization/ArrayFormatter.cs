using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>Formats <c>T[]</c> as a length (-1 for null) followed by the elements.</summary>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ArrayFormatter<T> : IRompFormatter<T[]?>
{
    private readonly IRompFormatter<T> _element;

    /// <summary>Creates a formatter that writes each element with <paramref name="element"/>.</summary>
    public ArrayFormatter(IRompFormatter<T> element) => _element = element;

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T[]? value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        writer.EnterNested();
        writer.WriteLength(value.Length);
        foreach (T item in value)
            _element.Write(ref writer, item);
        writer.ExitNested();
    }

    /// <inheritdoc />
    public T[]? Read(ref RompReader reader)
    {
        int count = reader.ReadLength();
        if (count < 0)
            return null;
        if (count == 0)
            return [];

        reader.EnterNested();
        T[] result;
        if (count <= CollectionLimits.MaxInitialCapacity)
        {
            result = new T[count];
            for (int i = 0; i < result.Length; i++)
                result[i] = _element.Read(ref reader);
        }
        else
        {
            // Grow as elements arrive rather than trusting the count with one large allocation.
            var list = new List<T>(CollectionLimits.MaxInitialCapacity);
            for (int i = 0; i < count; i++)
                list.Add(_element.Read(ref reader));
            result = list.ToArray();
        }

        reader.ExitNested();
        return result;
    }
}
