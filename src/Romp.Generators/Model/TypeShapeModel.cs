namespace Romp.Generators.Model;

/// <summary>
/// How one type travels, for the describe metadata (<c>Romp.Description.RompTypeShape</c>). Enums and
/// <c>[RompSerializable]</c> types are named, and spelled out once in <see cref="DescriptionModel.Types"/>, so a
/// recursive record needs no cycle here.
/// </summary>
/// <param name="Kind">The member name of <c>Romp.Description.RompTypeKind</c>: <c>Int32</c>, <c>List</c>, <c>Record</c>.</param>
/// <param name="Name">The named type, the interface of a reference, or the C# name of an opaque type; null otherwise.</param>
/// <param name="Arguments">The element, key and value, tuple elements, or a block's parameters then its result.</param>
/// <param name="Interface">A reference's interface, fully qualified, whose contract id the description looks up; null otherwise.</param>
internal sealed record TypeShapeModel(string Kind, string? Name, EquatableArray<TypeShapeModel> Arguments, string? Interface)
{
    public static TypeShapeModel Simple(string kind) => new(kind, null, EquatableArray<TypeShapeModel>.Empty, null);

    public static TypeShapeModel Named(string kind, string name) => new(kind, name, EquatableArray<TypeShapeModel>.Empty, null);

    public static TypeShapeModel Of(string kind, params TypeShapeModel[] arguments) => new(kind, null, arguments.ToEquatableArray(), null);
}
