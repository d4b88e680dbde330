namespace Romp.Description;

/// <summary>One remote method of a contract: its id, name, kind, parameters and result, with a readable signature.</summary>
public sealed class RompMethodDescription
{
    /// <summary>Describes a method.</summary>
    /// <param name="id">The method id on the wire, 1 to 0x7FFF.</param>
    /// <param name="signatureHash">The 32-bit hash of the method's wire signature (docs/protocol.md §4.3), which a resolve compares.</param>
    /// <param name="name">The name as .NET names the member (<c>AddAsync</c>, <c>get_Count</c>, <c>set_Item</c>).</param>
    /// <param name="kind">The message it is called with.</param>
    /// <param name="member">Which kind of member it stands for.</param>
    /// <param name="isIdempotent">Whether it is <c>[Idempotent]</c>.</param>
    /// <param name="signature">The member as C# declares it, for people to read.</param>
    /// <param name="parameters">The marshalled parameters, in order.</param>
    /// <param name="resultTypeName">The declared result type as C# spells it (<c>ValueTask&lt;int&gt;</c>, <c>void</c>).</param>
    /// <param name="result">How the result travels: <see cref="RompTypeKind.Void"/> for none, a <see cref="RompTypeKind.Stream"/> for a stream.</param>
    public RompMethodDescription(
        ushort id, uint signatureHash, string name, RompMethodKind kind, RompMemberKind member, bool isIdempotent, string signature,
        RompParameterDescription[] parameters, string resultTypeName, RompTypeShape result)
    {
        ArgumentOutOfRangeException.ThrowIfZero(id);
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(resultTypeName);
        ArgumentNullException.ThrowIfNull(result);
        foreach (RompParameterDescription parameter in parameters)
            ArgumentNullException.ThrowIfNull(parameter, nameof(parameters));
        Id = id;
        SignatureHash = signatureHash;
        Name = name;
        Kind = kind;
        Member = member;
        IsIdempotent = isIdempotent;
        Signature = signature;
        Parameters = (RompParameterDescription[])parameters.Clone();
        ResultTypeName = resultTypeName;
        Result = result;
    }

    /// <summary>The method id on the wire, 1 to 0x7FFF: derived from the signature, or given with <see cref="RompIdAttribute"/>.</summary>
    public ushort Id { get; }

    /// <summary>The 32-bit hash of the method's wire signature: two versions of the method agree on it exactly when their calls do.</summary>
    public uint SignatureHash { get; }

    /// <summary>The name as .NET names the member (<c>AddAsync</c>, <c>get_Count</c>, <c>set_Item</c>).</summary>
    public string Name { get; }

    /// <summary>The message it is called with.</summary>
    public RompMethodKind Kind { get; }

    /// <summary>Which kind of member it stands for.</summary>
    public RompMemberKind Member { get; }

    /// <summary>Whether it is <c>[Idempotent]</c>: a call broken by a lost connection may be sent again.</summary>
    public bool IsIdempotent { get; }

    /// <summary>The member as C# declares it: <c>ValueTask&lt;int&gt; AddAsync(int a, int b)</c>, <c>int this[string key] { get; }</c>.</summary>
    public string Signature { get; }

    /// <summary>The marshalled parameters, in order; for a setter, the indexer keys and then <c>value</c>.</summary>
    public IReadOnlyList<RompParameterDescription> Parameters { get; }

    /// <summary>The declared result type as C# spells it.</summary>
    public string ResultTypeName { get; }

    /// <summary>How the result travels: <see cref="RompTypeKind.Void"/> for none, a <see cref="RompTypeKind.Stream"/> for a stream.</summary>
    public RompTypeShape Result { get; }

    /// <inheritdoc />
    public override string ToString() => Signature;
}
