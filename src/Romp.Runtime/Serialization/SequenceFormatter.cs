using System.ComponentModel;
using Romp.Internal;

namespace Romp.CompilerServices;

/// <summary>
/// Formats a collection declared through an interface that <see cref="List{T}"/> implements (IList&lt;T&gt;,
/// IReadOnlyList&lt;T&gt;, ICollection&lt;T&gt;, IReadOnlyCollection&lt;T&gt;, IEnumerable&lt;T&gt;). The wire form is
/// the same as <see cref="ListFormatter{T}"/>; the receiver gets a <see cref="List{T}"/>.
/// </summary>
/// <typeparam name="TCollection">The declared interface type.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class SequenceFormatter<TCollection, T> : IRompFormatter<TCollection?> where TCollection : class, IEnumerable<T>
{
    private readonly ListFormatter<T> _list;
    private readonly IRompFormatter<T> _element;

    /// <summary>Creates a formatter that writes each element with <paramref name="element"/>.</summary>
    public SequenceFormatter(IRompFormatter<T> element)
    {
        _element = element;
        _list = new ListFormatter<T>(element);
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, TCollection? value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        writer.EnterNested();
        int count = value switch
        {
            ICollection<T> c => c.Count,
            IReadOnlyCollection<T> c => c.Count,
            _ => -1,
        };
        if (count < 0)
        {
            // A lazy sequence: count it as it is written, then patch the length in front of the elements.
            LengthPrefix countSlot = writer.BeginLengthPrefix();
            int written = 0;
            foreach (T item in value)
            {
                _element.Write(ref writer, item);
                written++;
            }

            writer.EndCountPrefix(countSlot, written);
        }
        else
        {
            writer.WriteLength(count);
            int written = 0;
            foreach (T item in value)
            {
                _element.Write(ref writer, item);
                written++;
            }

            if (written != count)
                ThrowHelper.ThrowInvalidData($"The collection reported {count} elements but enumerated {written}.");
        }

        writer.ExitNested();
    }

    /// <inheritdoc />
    public TCollection? Read(ref RompReader reader) => (TCollection?)(object?)_list.Read(ref reader);
}
