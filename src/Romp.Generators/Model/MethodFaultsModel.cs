namespace Romp.Generators.Model;

/// <summary>The faults one remote method declares, in declaration order (the interface's first).</summary>
/// <param name="MethodId">The method's id on the wire.</param>
/// <param name="Faults">Its faults; never empty.</param>
internal sealed record MethodFaultsModel(ushort MethodId, EquatableArray<FaultModel> Faults);
