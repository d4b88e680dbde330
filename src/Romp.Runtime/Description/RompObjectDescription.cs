namespace Romp.Description;

/// <summary>One name a server bound, and the contract of the object behind it.</summary>
public sealed class RompObjectDescription
{
    /// <summary>Describes a bound name.</summary>
    public RompObjectDescription(string name, RompContractDescription contract)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(contract);
        Name = name;
        Contract = contract;
    }

    /// <summary>The name the object is bound under, which resolving it takes.</summary>
    public string Name { get; }

    /// <summary>The object's contract.</summary>
    public RompContractDescription Contract { get; }

    /// <inheritdoc />
    public override string ToString() => Name + ": " + Contract.InterfaceName;
}
