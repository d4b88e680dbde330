using System.Linq;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Gives each distinct type used by one generated container its own formatter field, so a composite formatter is built
/// once. Two types with the same mangled name (N1.Point and N2.Point) get numbered fields.
/// </summary>
internal sealed class FormatterFieldAllocator
{
    private readonly UniqueNames _fields = new();

    public TypeModel Allocate(TypeModel type)
    {
        string field = _fields.Get(type.ObliviousName, type.FieldName, out _);
        return field == type.FieldName ? type : type with { FieldName = field };
    }

    /// <summary>The method with the fields of its parameters and result allocated.</summary>
    public MethodModel Allocate(MethodModel method) => method with
    {
        Parameters = method.Parameters.Select(p => p with { Type = Allocate(p.Type) }).ToEquatableArray(),
        Result = method.Result is { } result ? Allocate(result) : null,
    };
}
