namespace Romp.Description;

/// <summary>
/// What one <c>[RompObject]</c> interface offers: its contract name and id, its methods, and the enums and records
/// their shapes name. The source generator writes it; nothing is found by reflection.
/// </summary>
public sealed class RompContractDescription
{
    private readonly Dictionary<string, RompNamedType> _types;

    /// <summary>Describes a contract.</summary>
    /// <exception cref="ArgumentException">Two types have the same name.</exception>
    public RompContractDescription(
        string interfaceName, string contractName, ulong contractId, RompAccess access, RompMethodDescription[] methods, RompNamedType[] types)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(contractName);
        ArgumentNullException.ThrowIfNull(methods);
        ArgumentNullException.ThrowIfNull(types);
        InterfaceName = interfaceName;
        ContractName = contractName;
        ContractId = contractId;
        Access = access;
        Methods = (RompMethodDescription[])methods.Clone();
        Types = (RompNamedType[])types.Clone();
        _types = new Dictionary<string, RompNamedType>(types.Length, StringComparer.Ordinal);
        foreach (RompNamedType type in types)
        {
            ArgumentNullException.ThrowIfNull(type, nameof(types));
            if (!_types.TryAdd(type.Name, type))
                throw new ArgumentException($"Two types are named '{type.Name}'.", nameof(types));
        }

        foreach (RompMethodDescription method in methods)
            ArgumentNullException.ThrowIfNull(method, nameof(methods));
    }

    /// <summary>The interface's full name (<c>Demo.ICalculator</c>).</summary>
    public string InterfaceName { get; }

    /// <summary>The contract's name on the wire (<c>RompObjectAttribute.Name</c>, or the interface's full name): what a resolve asks for.</summary>
    public string ContractName { get; }

    /// <summary>The contract id: the hash of <see cref="ContractName"/>, which references carry.</summary>
    public ulong ContractId { get; }

    /// <summary>How the server schedules calls on objects of this interface.</summary>
    public RompAccess Access { get; }

    /// <summary>The remote methods, base interfaces' first, each in declaration order (their ids are sparse, in no order).</summary>
    public IReadOnlyList<RompMethodDescription> Methods { get; }

    /// <summary>The enums and <c>[RompSerializable]</c> types the methods' shapes name, each once.</summary>
    public IReadOnlyList<RompNamedType> Types { get; }

    /// <summary>The named type a shape of kind <see cref="RompTypeKind.Enum"/> or <see cref="RompTypeKind.Record"/> refers to.</summary>
    public RompNamedType? FindType(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _types.GetValueOrDefault(name);
    }

    /// <summary>The method with id <paramref name="methodId"/>, or null.</summary>
    public RompMethodDescription? FindMethod(ushort methodId)
    {
        foreach (RompMethodDescription method in Methods)
        {
            if (method.Id == methodId)
                return method;
        }

        return null;
    }

    /// <inheritdoc />
    public override string ToString() => InterfaceName;
}
