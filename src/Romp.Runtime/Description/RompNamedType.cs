namespace Romp.Description;

/// <summary>
/// An enum or a <c>[RompSerializable]</c> type that shapes refer to by <see cref="Name"/>: an enum's underlying type and
/// named values, a record's members in wire order, or a union's cases.
/// </summary>
public sealed class RompNamedType
{
    private RompNamedType(string name, RompTypeKind kind, bool isValueType, RompTypeKind underlying, RompRecordMember[] members, RompEnumValue[] values,
        RompUnionCase[]? cases = null)
    {
        Cases = cases ?? [];
        Name = name;
        Kind = kind;
        IsValueType = isValueType;
        UnderlyingKind = underlying;
        Members = members;
        Values = values;
    }

    /// <summary>The type's full name (<c>Demo.Point</c>), as shapes name it.</summary>
    public string Name { get; }

    /// <summary><see cref="RompTypeKind.Enum"/>, <see cref="RompTypeKind.Record"/> or <see cref="RompTypeKind.Union"/>.</summary>
    public RompTypeKind Kind { get; }

    /// <summary>A struct record, which is never null on the wire; false for classes, records and enums.</summary>
    public bool IsValueType { get; }

    /// <summary>An enum's underlying integer type (<see cref="RompTypeKind.Int32"/> and the like); <see cref="RompTypeKind.Void"/> for a record or a union.</summary>
    public RompTypeKind UnderlyingKind { get; }

    /// <summary>A record's members in wire order (base class first, then declaration order); empty for an enum or a union.</summary>
    public IReadOnlyList<RompRecordMember> Members { get; }

    /// <summary>An enum's named values, in declaration order; empty for a record or a union.</summary>
    public IReadOnlyList<RompEnumValue> Values { get; }

    /// <summary>A union's cases, in tag order; empty for an enum or a record.</summary>
    public IReadOnlyList<RompUnionCase> Cases { get; }

    /// <summary>An enum of <paramref name="underlying"/> (an integer kind) with its named <paramref name="values"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="underlying"/> is not an integer kind.</exception>
    public static RompNamedType Enum(string name, RompTypeKind underlying, params RompEnumValue[] values)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(values);
        if (underlying is not (RompTypeKind.Byte or RompTypeKind.SByte or RompTypeKind.Int16 or RompTypeKind.UInt16
            or RompTypeKind.Int32 or RompTypeKind.UInt32 or RompTypeKind.Int64 or RompTypeKind.UInt64))
            throw new ArgumentOutOfRangeException(nameof(underlying), underlying, "An enum's underlying type is an integer type.");
        foreach (RompEnumValue value in values)
            ArgumentNullException.ThrowIfNull(value, nameof(values));
        return new RompNamedType(name, RompTypeKind.Enum, isValueType: true, underlying, [], (RompEnumValue[])values.Clone());
    }

    /// <summary>A <c>[RompSerializable]</c> type with its <paramref name="members"/> in wire order.</summary>
    public static RompNamedType Record(string name, bool isValueType, params RompRecordMember[] members)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(members);
        foreach (RompRecordMember member in members)
            ArgumentNullException.ThrowIfNull(member, nameof(members));
        return new RompNamedType(name, RompTypeKind.Record, isValueType, RompTypeKind.Void, (RompRecordMember[])members.Clone(), []);
    }

    /// <summary>
    /// A closed union (an abstract <c>[RompSerializable]</c> type) with its <paramref name="cases"/>: a value travels as
    /// one of them, under its tag.
    /// </summary>
    /// <exception cref="ArgumentException">No cases, or two with the same tag.</exception>
    public static RompNamedType Union(string name, params RompUnionCase[] cases)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(cases);
        if (cases.Length == 0)
            throw new ArgumentException($"The union {name} has no cases.", nameof(cases));
        var tags = new HashSet<ushort>();
        foreach (RompUnionCase @case in cases)
        {
            ArgumentNullException.ThrowIfNull(@case, nameof(cases));
            if (!tags.Add(@case.Tag))
                throw new ArgumentException($"The union {name} has two cases with tag {@case.Tag}.", nameof(cases));
        }

        return new RompNamedType(name, RompTypeKind.Union, isValueType: false, RompTypeKind.Void, [], [], (RompUnionCase[])cases.Clone());
    }

    /// <summary>The union case with <paramref name="tag"/>, or <see langword="null"/> (also for an enum or a record).</summary>
    public RompUnionCase? FindCase(ushort tag)
    {
        foreach (RompUnionCase @case in Cases)
        {
            if (@case.Tag == tag)
                return @case;
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => Name;
}
