namespace Romp.Description;

/// <summary>One case of a closed union: the tag it travels under and the type it is.</summary>
public sealed class RompUnionCase
{
    /// <summary>Describes a case.</summary>
    /// <param name="tag">The case's wire tag.</param>
    /// <param name="shape">The case's type: a <see cref="RompTypeKind.Record"/>, or a <see cref="RompTypeKind.Union"/> with cases of its own.</param>
    /// <exception cref="ArgumentException"><paramref name="shape"/> is neither a record nor a union.</exception>
    public RompUnionCase(ushort tag, RompTypeShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Kind is not (RompTypeKind.Record or RompTypeKind.Union))
            throw new ArgumentException($"A union case is a record or a union, not a {shape.Kind}.", nameof(shape));
        Tag = tag;
        Shape = shape;
    }

    /// <summary>The tag the case travels under.</summary>
    public ushort Tag { get; }

    /// <summary>The case's type, named in the contract's types.</summary>
    public RompTypeShape Shape { get; }

    /// <inheritdoc />
    public override string ToString() => Tag.ToString(System.Globalization.CultureInfo.InvariantCulture) + ": " + Shape.Name;
}
