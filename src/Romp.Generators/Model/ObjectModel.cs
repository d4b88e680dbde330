namespace Romp.Generators.Model;

/// <summary>A <c>[RompObject]</c> interface: everything the proxy, dispatcher and contract emitters need.</summary>
/// <param name="Namespace">The containing namespace, or an empty string for the global namespace.</param>
/// <param name="BaseName">The stem of the generated type names: the interface name, prefixed <c>Outer_</c> when nested.</param>
/// <param name="FullyQualifiedName">The interface as <c>global::N.IFoo</c>.</param>
/// <param name="DisplayName">The interface as <c>N.IFoo</c>, for messages.</param>
/// <param name="Access">The value of <c>RompObjectAttribute.Access</c>.</param>
/// <param name="ContractName">The contract's wire name: <c>RompObjectAttribute.Name</c>, or the interface's full .NET name.</param>
/// <param name="ContractId">The 64-bit FNV-1a hash of <paramref name="ContractName"/>.</param>
/// <param name="Methods">The remote methods, base interfaces' first, each in declaration order; their ids are sparse.</param>
/// <param name="Blocks">The distinct delegate types the methods take, in order of first use.</param>
/// <param name="Description">The describe metadata: each method's shapes and signature, and the types they name.</param>
/// <param name="Faults">The faults of the methods that declare any (<c>[RompFault]</c>), in id order.</param>
internal sealed record ObjectModel(
    string Namespace,
    string BaseName,
    string FullyQualifiedName,
    string DisplayName,
    int Access,
    string ContractName,
    ulong ContractId,
    EquatableArray<MethodModel> Methods,
    EquatableArray<BlockModel> Blocks,
    DescriptionModel Description,
    EquatableArray<MethodFaultsModel> Faults);
