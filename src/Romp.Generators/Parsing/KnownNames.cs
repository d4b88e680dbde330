namespace Romp.Generators.Parsing;

/// <summary>Metadata names of the Romp types the generator looks for.</summary>
internal static class KnownNames
{
    public const string RompObjectAttribute = "Romp.RompObjectAttribute";
    public const string RompSerializableAttribute = "Romp.RompSerializableAttribute";
    public const string OnewayAttribute = "Romp.OnewayAttribute";
    public const string IdempotentAttribute = "Romp.IdempotentAttribute";
    public const string RompIdAttribute = "Romp.RompIdAttribute";
    public const string RompReservedAttribute = "Romp.RompReservedAttribute";
    public const string RompUnionAttribute = "Romp.RompUnionAttribute";
    public const string RompGeneratedFormatterAttribute = "Romp.CompilerServices.RompGeneratedFormatterAttribute";
    public const string RompFaultAttribute = "Romp.RompFaultAttribute";
    public const string RompIgnoreAttribute = "Romp.RompIgnoreAttribute";
    public const string RompServer = "Romp.RompServer";
    public const string RompClient = "Romp.RompClient";
    public const string RompConnection = "Romp.RompConnection";

    /// <summary>Romp.MemoryPack's formatter: present exactly when the compilation references that package.</summary>
    public const string MemoryPackValueFormatter = "Romp.CompilerServices.MemoryPackValueFormatter`1";
}
