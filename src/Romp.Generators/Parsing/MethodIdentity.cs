using System.Globalization;
using Microsoft.CodeAnalysis;

namespace Romp.Generators.Parsing;

/// <summary>What decides one remote method's id, as parsing found it; <see cref="MethodIdAssigner"/> turns it into the id.</summary>
/// <param name="Display">The method for messages: <c>IChat.SendAsync</c>, <c>IChat.get_Topic</c>.</param>
/// <param name="MemberName">The declared member's name (the property's, for an accessor), which <c>[RompReserved]</c> may list.</param>
/// <param name="WireName">The method's .NET name (<c>get_Topic</c> for an accessor), which <c>[RompReserved]</c> may list too.</param>
/// <param name="Parameters">The wire spellings of the marshalled parameters, comma-separated.</param>
/// <param name="Result">The wire spelling of the result (<see cref="ReturnShape.Canonical"/>).</param>
/// <param name="DeclaredId">The <c>[RompId]</c> on the method, or on the property of an accessor; null without one.</param>
/// <param name="Offset">Added to <paramref name="DeclaredId"/>: 1 for a property's setter, which takes the id after its getter's.</param>
/// <param name="Location">The member's declaration.</param>
/// <param name="IdLocation">The <c>[RompId]</c>, or the member's declaration without one.</param>
internal sealed record MethodIdentity(
    string Display, string MemberName, string WireName, string Parameters, string Result, int? DeclaredId, int Offset,
    Location Location, Location IdLocation)
{
    /// <summary>
    /// The signature text (<see cref="MethodId.Signature"/>). A method with <c>[RompId(n)]</c> is named <c>#n</c> in it,
    /// not by its name: the explicit id is its identity, so it may be renamed, and only a change of its types is another
    /// signature.
    /// </summary>
    public string Signature => MethodId.Signature(
        DeclaredId is { } id ? "#" + (id + Offset).ToString(CultureInfo.InvariantCulture) : WireName, Parameters, Result);

    /// <summary>The hash resolve compares, whatever the id.</summary>
    public uint Hash => MethodId.Hash(Signature);
}
