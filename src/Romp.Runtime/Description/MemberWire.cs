namespace Romp.Description;

/// <summary>
/// How a record member of a described shape travels (docs/protocol.md §5), as the generated formatters write it: its
/// wire kind, whether its value sits behind a length of its own, and the shape of that value (a <c>Nullable</c>
/// member's value travels as its inner shape, and null as <see cref="RompWireKind.Null"/>).
/// </summary>
internal readonly record struct MemberWire(RompWireKind Kind, bool Delimited, RompTypeShape Value)
{
    /// <summary>How a member of <paramref name="shape"/> travels when it has a value; null for an opaque shape.</summary>
    public static MemberWire? Of(RompTypeShape shape, RompContractDescription contract)
    {
        RompTypeShape value = shape.Kind == RompTypeKind.Nullable ? shape.Arguments[0] : shape;
        RompWireKind? kind = value.Kind switch
        {
            RompTypeKind.Enum => contract.FindType(value.Name!) is { } type ? Scalar(type.UnderlyingKind) : null,
            RompTypeKind.Nullable => RompWireKind.Value,
            RompTypeKind.Array or RompTypeKind.List or RompTypeKind.Set => RompWireKind.Sequence,
            RompTypeKind.Dictionary => RompWireKind.Dictionary,
            RompTypeKind.Tuple => RompWireKind.Tuple,
            RompTypeKind.Record or RompTypeKind.Union => RompWireKind.Record, // a union, too, is its int32 length and what it counts
            RompTypeKind.Reference => RompWireKind.Reference,
            _ => Scalar(value.Kind),
        };
        if (kind is not { } known)
            return null;
        bool delimited = known is RompWireKind.Sequence or RompWireKind.Dictionary or RompWireKind.Tuple or RompWireKind.Reference or RompWireKind.Value;
        return new MemberWire(known, delimited, value);
    }

    private static RompWireKind? Scalar(RompTypeKind kind) => kind switch
    {
        RompTypeKind.Boolean => RompWireKind.Boolean,
        RompTypeKind.Byte => RompWireKind.Byte,
        RompTypeKind.SByte => RompWireKind.SByte,
        RompTypeKind.Int16 => RompWireKind.Int16,
        RompTypeKind.UInt16 => RompWireKind.UInt16,
        RompTypeKind.Int32 => RompWireKind.Int32,
        RompTypeKind.UInt32 => RompWireKind.UInt32,
        RompTypeKind.Int64 => RompWireKind.Int64,
        RompTypeKind.UInt64 => RompWireKind.UInt64,
        RompTypeKind.Char => RompWireKind.Char,
        RompTypeKind.Single => RompWireKind.Single,
        RompTypeKind.Double => RompWireKind.Double,
        RompTypeKind.Decimal => RompWireKind.Decimal,
        RompTypeKind.Half => RompWireKind.Half,
        RompTypeKind.Int128 => RompWireKind.Int128,
        RompTypeKind.UInt128 => RompWireKind.UInt128,
        RompTypeKind.String => RompWireKind.String,
        RompTypeKind.Guid => RompWireKind.Guid,
        RompTypeKind.DateTime => RompWireKind.DateTime,
        RompTypeKind.DateTimeOffset => RompWireKind.DateTimeOffset,
        RompTypeKind.TimeSpan => RompWireKind.TimeSpan,
        RompTypeKind.DateOnly => RompWireKind.DateOnly,
        RompTypeKind.TimeOnly => RompWireKind.TimeOnly,
        RompTypeKind.Bytes => RompWireKind.Bytes,
        _ => null,
    };
}
