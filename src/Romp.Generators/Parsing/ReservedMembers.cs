using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Threading;
using Microsoft.CodeAnalysis;
using Romp.Generators.Diagnostics;

namespace Romp.Generators.Parsing;

/// <summary>
/// The method ids and names a <c>[RompObject]</c> interface and its bases keep for removed methods with
/// <c>[RompReserved]</c>: older peers may still call them with their old meaning, so no method may take them again.
/// </summary>
internal sealed class ReservedMembers
{
    private readonly Dictionary<int, string> _ids = new();
    private readonly Dictionary<string, string> _names = new(System.StringComparer.Ordinal);

    private ReservedMembers()
    {
    }

    /// <summary>Reads every <c>[RompReserved]</c> of <paramref name="interfaces"/>; an entry no method could have is reported (ROMP0027).</summary>
    public static ReservedMembers Read(
        IEnumerable<INamedTypeSymbol> interfaces, KnownSymbols known, ImmutableArray<Diagnostic>.Builder diagnostics, CancellationToken cancellationToken)
    {
        var reserved = new ReservedMembers();
        if (known.RompReservedAttribute is null)
            return reserved;

        foreach (INamedTypeSymbol type in interfaces)
        {
            string owner = type.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
            foreach (AttributeData attribute in type.GetAttributes())
            {
                if (!SymbolEqualityComparer.Default.Equals(attribute.AttributeClass, known.RompReservedAttribute) || attribute.ConstructorArguments.Length != 1)
                    continue;
                Location location = attribute.ApplicationSyntaxReference?.GetSyntax(cancellationToken).GetLocation()
                    ?? type.Locations[0];
                foreach (TypedConstant entry in attribute.ConstructorArguments[0].Values)
                {
                    switch (entry.Value)
                    {
                        case int id when id is >= 1 and <= MethodId.Max:
                            reserved._ids[id] = owner;
                            break;
                        case int id:
                            diagnostics.Add(Diagnostic.Create(RompDiagnostics.InvalidReservation, location, owner,
                                "the id " + id.ToString(CultureInfo.InvariantCulture)));
                            break;
                        case string name when name.Trim().Length > 0:
                            reserved._names[name] = owner;
                            break;
                        default:
                            diagnostics.Add(Diagnostic.Create(RompDiagnostics.InvalidReservation, location, owner,
                                entry.Value is null ? "a null name" : "an empty name"));
                            break;
                    }
                }
            }
        }

        return reserved;
    }

    /// <summary>The interface whose <c>[RompReserved]</c> keeps method id <paramref name="id"/>, or null.</summary>
    public string? ReservingId(int id) => _ids.TryGetValue(id, out string? owner) ? owner : null;

    /// <summary>The interface whose <c>[RompReserved]</c> keeps the method name <paramref name="name"/>, or null.</summary>
    public string? ReservingName(string name) => _names.TryGetValue(name, out string? owner) ? owner : null;
}
