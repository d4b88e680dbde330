namespace Romp.Generators.Model;

/// <summary>An enum or a <c>[RompSerializable]</c> type that shapes name, for the describe metadata.</summary>
/// <param name="Name">The type's display name, as shapes refer to it: <c>Demo.Point</c>.</param>
/// <param name="IsEnum">An enum (else a record or a union).</param>
/// <param name="IsValueType">A struct record, never null on the wire.</param>
/// <param name="Underlying">An enum's underlying kind (<c>Int32</c>); empty for a record.</param>
/// <param name="Members">A record's members, in the order its formatter writes them.</param>
/// <param name="Values">An enum's named values in declaration order.</param>
/// <param name="IsUnion">A union of <c>[RompUnion]</c> cases (else an enum or a record).</param>
/// <param name="Cases">A union's cases in tag order.</param>
internal sealed record NamedTypeModel(
    string Name,
    bool IsEnum,
    bool IsValueType,
    string Underlying,
    EquatableArray<RecordMemberModel> Members,
    EquatableArray<EnumValueModel> Values,
    bool IsUnion = false,
    EquatableArray<UnionCaseShapeModel> Cases = default);

/// <summary>One case of a union, for the describe metadata.</summary>
/// <param name="Tag">The tag it travels under.</param>
/// <param name="Shape">The case's type: a <c>Record</c>, or a <c>Union</c> with cases of its own.</param>
internal sealed record UnionCaseShapeModel(int Tag, TypeShapeModel Shape);

/// <summary>A named, typed thing with a shape: a record member or a method parameter.</summary>
/// <param name="Name">The name as declared.</param>
/// <param name="TypeName">The declared type, minimally qualified, for people to read.</param>
/// <param name="Shape">How it travels.</param>
internal sealed record ShapedNameModel(string Name, string TypeName, TypeShapeModel Shape);

/// <summary>One member of a record: its wire id, and its name, type and shape.</summary>
/// <param name="Id">The wire id (docs/protocol.md §5).</param>
/// <param name="Member">The name as declared, the declared type for people to read, and how it travels.</param>
internal sealed record RecordMemberModel(ushort Id, ShapedNameModel Member);

/// <summary>One named value of an enum.</summary>
/// <param name="Name">The name as declared.</param>
/// <param name="Value">The value; a ulong above long.MaxValue is its bits.</param>
internal sealed record EnumValueModel(string Name, long Value);
