namespace Romp.Generators.Model;

/// <summary>One remote method: an interface method, or one accessor of a property or indexer.</summary>
/// <param name="Id">The method id on the wire, 1 to 0x7FFF: from <c>[RompId]</c>, or derived from <paramref name="SignatureHash"/>.</param>
/// <param name="Name">The member name (<c>this</c> for an indexer), as a C# identifier.</param>
/// <param name="UniqueName">A name unique within the interface, for the generated args struct and dispatch method.</param>
/// <param name="MemberKey">Equal for the accessors of one property or indexer, so the proxy can declare them together.</param>
/// <param name="Member">Which kind of member this is.</param>
/// <param name="Call">The message it is sent as.</param>
/// <param name="Return">The shape of the declared result.</param>
/// <param name="DeclaredType">The declared return type, or the property type for an accessor.</param>
/// <param name="Result">The marshalled result type (<c>T</c> of <c>Task&lt;T&gt;</c>), or <see langword="null"/>.</param>
/// <param name="Parameters">The marshalled parameters, in order; for a setter, the indexer keys then <c>value</c>.</param>
/// <param name="CancellationToken">The identifier of the trailing CancellationToken parameter, or <see langword="null"/>.</param>
/// <param name="DeclaringInterface">The fully qualified interface that declares the member.</param>
/// <param name="Idempotent">Whether the member is <c>[Idempotent]</c>: a call broken by a lost connection may be sent again.</param>
/// <param name="SignatureHash">The 32-bit FNV-1a hash of the method's wire signature (docs/protocol.md §4.3), which resolve compares.</param>
internal sealed record MethodModel(
    ushort Id,
    string Name,
    string UniqueName,
    string MemberKey,
    MemberKind Member,
    CallKind Call,
    ReturnKind Return,
    string DeclaredType,
    TypeModel? Result,
    EquatableArray<ParameterModel> Parameters,
    string? CancellationToken,
    string DeclaringInterface,
    bool Idempotent,
    uint SignatureHash = 0)
{
    public bool IsGetter => Member is MemberKind.PropertyGet or MemberKind.IndexerGet;

    public bool IsSetter => Member is MemberKind.PropertySet or MemberKind.IndexerSet;

    public bool IsIndexer => Member is MemberKind.IndexerGet or MemberKind.IndexerSet;
}
