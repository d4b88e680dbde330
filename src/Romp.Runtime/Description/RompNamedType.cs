namespace Romp.Description;

/// <summary>
/// An enum or a <c>[RompSerializable]</c> type that shapes refer to by <see cref="Name"/>: an enum's underlying type and
/// named values, or a record's members in wire order.
/// </summary>
public sealed class RompNamedType
{
    private RompNamedType(string name, RompTypeKind kind, bool isValueType, RompTypeKind underlying, RompRecordMember[] members, RompEnumValue[] values)
    {
        Name = name;
        Kind = kind;
        IsValueType = isValueType;
        UnderlyingKind = underlying;
        Members = members;
        Values = values;
    }

    /// <summary>The type's full name (<c>Demo.Point</c>), as shapes name it.</summary>
    public string Name { get; }

    /// <summary><see cref="RompTypeKind.Enum"/> or <see cref="RompTypeKind.Record"/>.</summary>
    public RompTypeKind Kind { get; }

    /// <summary>A struct record, which is never null on the wire; false for classes, records and enums.</summary>
    public bool IsValueType { get; }

    /// <summary>An enum's underlying integer type (<see cref="RompTypeKind.Int32"/> and the like); <see cref="RompTypeKind.Void"/> for a record.</summary>
    public RompTypeKind UnderlyingKind { get; }

    /// <summary>A record's members in wire order (base class first, then declaration order); empty for an enum.</summary>
    public IReadOnlyList<RompRecordMember> Members { get; }

    /// <summary>An enum's named values, in declaration order; empty for a record.</summary>
    public IReadOnlyList<RompEnumValue> Values { get; }

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

    /// <inheritdoc />
    public override string ToString() => Name;
}
