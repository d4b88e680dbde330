using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>
/// Formats <see cref="Dictionary{TKey,TValue}"/> and the dictionary interfaces it implements as a count (-1 for null)
/// followed by key/value pairs. The receiver gets a <see cref="Dictionary{TKey,TValue}"/>; a repeated key is malformed input.
/// </summary>
/// <typeparam name="TDictionary">The declared dictionary type, which <see cref="Dictionary{TKey,TValue}"/> must be assignable to.</typeparam>
/// <typeparam name="TKey">The key type.</typeparam>
/// <typeparam name="TValue">The value type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class DictionaryFormatter<TDictionary, TKey, TValue> : IRompFormatter<TDictionary?>
    where TDictionary : class, IEnumerable<KeyValuePair<TKey, TValue>>
    where TKey : notnull
{
    private readonly IRompFormatter<TKey> _key;
    private readonly IRompFormatter<TValue> _value;

    /// <summary>Creates a formatter from the key and value formatters.</summary>
    public DictionaryFormatter(IRompFormatter<TKey> key, IRompFormatter<TValue> value)
    {
        _key = key;
        _value = value;
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, TDictionary? value)
    {
        if (value is null)
        {
            writer.WriteNullLength();
            return;
        }

        writer.EnterNested();
        LengthPrefix countSlot = writer.BeginLengthPrefix();
        int count = 0;
        foreach (KeyValuePair<TKey, TValue> pair in value)
        {
            _key.Write(ref writer, pair.Key);
            _value.Write(ref writer, pair.Value);
            count++;
        }

        writer.EndCountPrefix(countSlot, count);
        writer.ExitNested();
    }

    /// <inheritdoc />
    public TDictionary? Read(ref RompReader reader)
    {
        int count = reader.ReadLength(minElementSize: 2);
        if (count < 0)
            return null;
        reader.EnterNested();
        var result = new Dictionary<TKey, TValue>(CollectionLimits.InitialCapacity(count));
        for (int i = 0; i < count; i++)
        {
            TKey key = _key.Read(ref reader);
            if (key is null)
                Internal.ThrowHelper.ThrowInvalidData("A dictionary key is null.");
            if (!result.TryAdd(key, _value.Read(ref reader)))
                Internal.ThrowHelper.ThrowInvalidData("A dictionary holds the same key twice.");
        }

        reader.ExitNested();
        return (TDictionary)(object)result;
    }
}
