using System.ComponentModel;
namespace Romp.CompilerServices;

/// <summary>Formats <see cref="Nullable{T}"/> as a presence byte (0 or 1) followed by the value when present.</summary>
/// <typeparam name="T">The underlying value type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class NullableFormatter<T> : IRompFormatter<T?> where T : struct
{
    private readonly IRompFormatter<T> _value;

    /// <summary>Creates a formatter that writes a present value with <paramref name="value"/>.</summary>
    public NullableFormatter(IRompFormatter<T> value) => _value = value;

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T? value)
    {
        writer.WriteBoolean(value.HasValue);
        if (value.HasValue)
            _value.Write(ref writer, value.GetValueOrDefault());
    }

    /// <inheritdoc />
    public T? Read(ref RompReader reader) => reader.ReadBoolean() ? _value.Read(ref reader) : null;
}
