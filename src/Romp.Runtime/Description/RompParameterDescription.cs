namespace Romp.Description;

/// <summary>One marshalled parameter of a remote method (a trailing CancellationToken is not one: it is not sent).</summary>
public sealed class RompParameterDescription
{
    /// <summary>Describes a parameter.</summary>
    public RompParameterDescription(string name, string typeName, RompTypeShape shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        TypeName = typeName;
        Shape = shape;
    }

    /// <summary>The parameter's name, as declared.</summary>
    public string Name { get; }

    /// <summary>The parameter's type as C# declares it, for people to read.</summary>
    public string TypeName { get; }

    /// <summary>How its value travels.</summary>
    public RompTypeShape Shape { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName + " " + Name;
}
