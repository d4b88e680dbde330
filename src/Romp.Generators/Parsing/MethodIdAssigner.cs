using System.Collections.Generic;
using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Romp.Generators.Diagnostics;

namespace Romp.Generators.Parsing;

/// <summary>
/// Gives each remote method of an interface its wire id (docs/protocol.md §4.3): its <c>[RompId]</c>, or the id derived
/// from its signature hash. Reports an id out of range (ROMP0022), a reserved id or name (ROMP0023, ROMP0024) and two
/// methods with one id (ROMP0021), so that no interface reaches the wire with an id that means two things.
/// </summary>
internal static class MethodIdAssigner
{
    /// <summary>The ids, one per method in order; null when a diagnostic was reported.</summary>
    public static ushort[]? Assign(
        IReadOnlyList<MethodIdentity> methods, ReservedMembers reserved, string interfaceName, ImmutableArray<Diagnostic>.Builder diagnostics)
    {
        int reported = diagnostics.Count;
        var ids = new ushort[methods.Count];
        var owners = new Dictionary<ushort, MethodIdentity>();
        var outOfRange = new HashSet<Location>();
        for (int i = 0; i < methods.Count; i++)
        {
            MethodIdentity method = methods[i];
            if (method.DeclaredId is { } declared && (declared < 1 || declared + method.Offset > MethodId.Max))
            {
                // Both accessors of a property carry its one [RompId]: say so once.
                if (outOfRange.Add(method.IdLocation))
                {
                    diagnostics.Add(Diagnostic.Create(RompDiagnostics.MethodIdOutOfRange, method.IdLocation, declared, method.Display,
                        method.Offset == 0 ? "" : ", and a property's setter takes the id after its getter's, so its [RompId] is at most 32766"));
                }

                continue;
            }

            ushort id = method.DeclaredId is { } explicitId ? (ushort)(explicitId + method.Offset) : MethodId.FromHash(method.Hash);
            ids[i] = id;
            string? reservedBy = reserved.ReservingName(method.MemberName) ?? reserved.ReservingName(method.WireName);
            if (reservedBy is not null)
            {
                string name = reserved.ReservingName(method.MemberName) is null ? method.WireName : method.MemberName;
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.MethodNameReserved, method.Location, method.Display, name, reservedBy));
            }
            else if (reserved.ReservingId(id) is { } owner)
            {
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.MethodIdReserved, method.IdLocation, method.Display, id, Origin(method), owner,
                    method.DeclaredId is null ? "Give it an explicit [RompId] with an id that is not reserved." : "Give it another [RompId]."));
            }

            if (owners.TryGetValue(id, out MethodIdentity? first))
            {
                diagnostics.Add(Diagnostic.Create(RompDiagnostics.DuplicateMethodId, method.IdLocation, first.Display, Origin(first),
                    method.Display, Origin(method), id, interfaceName));
            }
            else
            {
                owners.Add(id, method);
            }
        }

        return diagnostics.Count == reported ? ids : null;
    }

    private static string Origin(MethodIdentity method) => method.DeclaredId is null
        ? "derived from its signature"
        : method.Offset == 0 ? "from [RompId]" : "from its property's [RompId] + 1";
}
