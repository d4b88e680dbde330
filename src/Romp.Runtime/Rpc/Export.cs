namespace Romp.Rpc;

/// <summary>An object made callable by its owner (Bind or Register), with the contract that says how to call it.</summary>
internal sealed class Export
{
    private volatile bool _withdrawn;

    public Export(object target, RompObjectContract contract)
    {
        Target = target;
        Contract = contract;
        SerialGate = contract.Access == RompAccess.Serial ? SerialGate.For(target) : null;
    }

    public object Target { get; }

    public RompObjectContract Contract { get; }

    /// <summary>
    /// Present for <see cref="RompAccess.Serial"/> objects: admits one call at a time, in arrival order. The object's own,
    /// shared by every owner that exports it: serial access protects its state, whoever calls it.
    /// </summary>
    public SerialGate? SerialGate { get; }

    /// <summary>Who may call the object; null when anyone the connection lets in may. Set once, when it is bound with one.</summary>
    public RompPolicy? Policy => _policy;

    private RompPolicy? _policy;

    /// <summary>Puts the object under <paramref name="policy"/>; an object is under one policy at most, wherever it is bound.</summary>
    /// <exception cref="ArgumentException">The object is already bound under another policy.</exception>
    public void Protect(RompPolicy policy)
    {
        RompPolicy? existing = Interlocked.CompareExchange(ref _policy, policy, null);
        if (existing is not null && !ReferenceEquals(existing, policy))
            throw new ArgumentException($"This {Contract.InterfaceName} is already bound under another policy ({existing.Description}); an object has one policy.", nameof(policy));
    }

    /// <summary>Set when the owner withdraws the object; later calls fail with <see cref="RompError.ObjectWithdrawn"/>.</summary>
    public bool Withdrawn => _withdrawn;

    public void Withdraw() => _withdrawn = true;
}
