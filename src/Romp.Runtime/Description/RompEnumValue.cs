namespace Romp.Description;

/// <summary>One named value of an enum.</summary>
public sealed class RompEnumValue
{
    /// <summary>Describes a named value.</summary>
    /// <param name="name">The name, as declared.</param>
    /// <param name="value">The value; an unsigned 64-bit value above <see cref="long.MaxValue"/> is its bits, reinterpreted.</param>
    public RompEnumValue(string name, long value)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        Value = value;
    }

    /// <summary>The name, as declared.</summary>
    public string Name { get; }

    /// <summary>The value; an unsigned 64-bit value above <see cref="long.MaxValue"/> is its bits, reinterpreted.</summary>
    public long Value { get; }

    /// <inheritdoc />
    public override string ToString() => Name;
}
