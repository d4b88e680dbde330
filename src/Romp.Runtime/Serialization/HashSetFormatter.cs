using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>Formats <see cref="HashSet{T}"/> (and ISet&lt;T&gt;, IReadOnlySet&lt;T&gt;) as a length followed by the elements.</summary>
/// <typeparam name="TSet">The declared set type, which <see cref="HashSet{T}"/> must be assignable to.</typeparam>
/// <typeparam name="T">The element type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class HashSetFormatter<TSet, T> : IRompFormatter<TSet?> where TSet : class, IEnumerable<T>
{
    private readonly SequenceFormatter<TSet, T> _writer;
    private readonly IRompFormatter<T> _element;

    /// <summary>Creates a formatter that writes each element with <paramref name="element"/>.</summary>
    public HashSetFormatter(IRompFormatter<T> element)
    {
        _element = element;
        _writer = new SequenceFormatter<TSet, T>(element);
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, TSet? value) => _writer.Write(ref writer, value);

    /// <inheritdoc />
    public TSet? Read(ref RompReader reader)
    {
        int count = reader.ReadLength();
        if (count < 0)
            return null;
        reader.EnterNested();
        var result = new HashSet<T>(CollectionLimits.InitialCapacity(count));
        for (int i = 0; i < count; i++)
        {
            if (!result.Add(_element.Read(ref reader)))
                Internal.ThrowHelper.ThrowInvalidData("A set holds the same element twice.");
        }

        reader.ExitNested();
        return (TSet)(object)result;
    }
}
