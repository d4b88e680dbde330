namespace Romp.Description;

/// <summary>One member of a <c>[RompSerializable]</c> type, as it travels.</summary>
public sealed class RompRecordMember
{
    /// <summary>Describes a member.</summary>
    /// <param name="id">Its wire id (docs/protocol.md §5): from <see cref="RompIdAttribute"/>, or derived from its name; never 0.</param>
    /// <param name="name">Its name, as declared.</param>
    /// <param name="typeName">Its type, as C# declares it.</param>
    /// <param name="shape">How its value travels.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="id"/> is 0.</exception>
    public RompRecordMember(ushort id, string name, string typeName, RompTypeShape shape)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(typeName);
        ArgumentNullException.ThrowIfNull(shape);
        Id = id;
        Name = name;
        TypeName = typeName;
        Shape = shape;
    }

    /// <summary>The member's wire id, which identifies it in a value whatever its position.</summary>
    public ushort Id { get; }

    /// <summary>The member's name, as declared; the name a JSON form uses.</summary>
    public string Name { get; }

    /// <summary>The member's type as C# declares it (<c>List&lt;Point&gt;?</c>), for people to read.</summary>
    public string TypeName { get; }

    /// <summary>How its value travels.</summary>
    public RompTypeShape Shape { get; }

    /// <inheritdoc />
    public override string ToString() => TypeName + " " + Name;
}
