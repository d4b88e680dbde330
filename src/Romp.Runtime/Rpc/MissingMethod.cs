using System.Globalization;
using System.Text;
using Romp.Connections;

namespace Romp.Rpc;

/// <summary>
/// The error of a call to a method the peer's object does not have (docs/protocol.md §4.3), worded on the calling side,
/// which alone knows the method by name: the peer knows only its id. Built on the error path only.
/// </summary>
internal static class MissingMethod
{
    /// <summary>
    /// The <see cref="RompError.UnknownMethod"/> for method <paramref name="methodId"/> of <paramref name="contract"/>;
    /// <paramref name="kind"/> is a <see cref="MethodGaps"/> kind (changed signature), or missing for an unknown id.
    /// </summary>
    public static RompException Error(RompConnection connection, RompObjectContract contract, ushort methodId, byte kind)
    {
        (string peer, string self) = connection.Role switch
        {
            ConnectionRole.Client => ("server", "client"),
            ConnectionRole.Server => ("client", "server"),
            _ => ("peer", "side"),
        };
        string method = Describe(contract, methodId);
        string message = kind == MethodGaps.Changed
            ? $"The {peer}'s '{contract.ContractName}' has another method under the id of {method} (method id {methodId.ToString(CultureInfo.InvariantCulture)}): " +
              "an explicit [RompId] was given to another signature, or two versions' ids collide. Give the method an explicit [RompId] that no version uses for anything else."
            : $"The {peer}'s '{contract.ContractName}' has no method {method}: it is older than this {self}, or the method's signature changed.";
        return new RompException(RompError.UnknownMethod, message);
    }

    // As people read it: SendAsync(string, int), from the generated description; by name alone without one.
    private static string Describe(RompObjectContract contract, ushort methodId)
    {
        if (contract.DescriptionFactory is not null && contract.Describe().FindMethod(methodId) is { } described)
        {
            var text = new StringBuilder(described.Name).Append('(');
            for (int i = 0; i < described.Parameters.Count; i++)
                text.Append(i == 0 ? "" : ", ").Append(described.Parameters[i].TypeName);
            return text.Append(')').ToString();
        }

        return contract.GetMethodName(methodId) ?? "with id " + methodId.ToString(CultureInfo.InvariantCulture);
    }
}
