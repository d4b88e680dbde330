using System.Collections.Generic;
using System.Globalization;
using Romp.Generators.Model;

namespace Romp.Generators.Parsing;

/// <summary>
/// Gives each distinct type used by one generated container its own formatter field, so a composite formatter is built
/// once. Two types with the same mangled name (N1.Point and N2.Point) get numbered fields.
/// </summary>
internal sealed class FormatterFieldAllocator
{
    private readonly Dictionary<string, string> _fieldByType = new(System.StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(System.StringComparer.Ordinal);

    public TypeModel Allocate(TypeModel type)
    {
        if (!_fieldByType.TryGetValue(type.ObliviousName, out string? field))
        {
            field = type.FieldName;
            for (int n = 2; !_used.Add(field); n++)
                field = type.FieldName + n.ToString(CultureInfo.InvariantCulture);
            _fieldByType.Add(type.ObliviousName, field);
        }

        return field == type.FieldName ? type : type with { FieldName = field };
    }
}
