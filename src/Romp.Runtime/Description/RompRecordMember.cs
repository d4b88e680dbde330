namespace Romp.Description;

/// <summary>One member of a <c>[RompSerializable]</c> type, as it travels.</summary>
public sealed class RompRecordMember
{
    /// <summary>Describes a member.</summary>
    public RompRecordMember(string name, string typeName, RompTypeShape shape)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(shape);
        Name = name;
        TypeName = typeName;
        Shape = shape;
    }

    /// <summary>The member's name, as declared.</summary>
    public string Name { get; }

    /// <summary>The member's type as C# declares it (<c>List&lt;Point&gt;?</c>), for people to read.</summary>
    public string TypeName { get; }

    /// <summary>How its value travels.</summary>
    public RompTypeShape Shape { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName + " " + Name;
}
