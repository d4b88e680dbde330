using System.ComponentModel;
using Romp.Internal;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// The registry generated code fills from module initializers, so that <c>Bind&lt;T&gt;</c> and
/// <c>ResolveAsync&lt;T&gt;</c> find a contract with a static generic field read instead of reflection.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class RompContracts
{
    /// <summary>Registers the contract of <typeparamref name="T"/>; called from generated module initializers.</summary>
    public static void Register<T>(RompObjectContract contract) where T : class
    {
        contract.InterfaceType = typeof(T);
        Slot<T>.Contract = contract;
    }

    /// <summary>
    /// Registers the contract of <typeparamref name="T"/> with the factory of its description, which runs only when
    /// someone asks for it (<see cref="RompObjectContract.Describe"/>, the describe service); called from generated
    /// module initializers.
    /// </summary>
    public static void Register<T>(RompObjectContract contract, Func<Romp.Description.RompContractDescription> describe) where T : class
    {
        ArgumentNullException.ThrowIfNull(contract);
        ArgumentNullException.ThrowIfNull(describe);
        contract.DescriptionFactory = describe;
        Register<T>(contract);
    }

    /// <summary>
    /// Registers the contract of <typeparamref name="T"/> with the factory of its description and the lookup of the
    /// faults its methods declare (<see cref="RompFaultAttribute"/>): <paramref name="faults"/> returns a method id's
    /// faults, or null when it declares none. Called from generated module initializers.
    /// </summary>
    public static void Register<T>(RompObjectContract contract, Func<Romp.Description.RompContractDescription> describe, Func<ushort, RompFault[]?> faults) where T : class
    {
        ArgumentNullException.ThrowIfNull(faults);
        Register<T>(contract, describe);
        contract.FaultsOf = faults;
    }

    /// <summary>The contract registered for <typeparamref name="T"/>, or <see langword="null"/>.</summary>
    public static RompObjectContract? Find<T>() where T : class => Slot<T>.Contract;

    internal static RompObjectContract Get<T>() where T : class
    {
        RompObjectContract? contract = Slot<T>.Contract;
        if (contract is null)
            ThrowHelper.ThrowNotRompObject(typeof(T));
        return contract;
    }

    private static class Slot<T>
    {
        public static RompObjectContract? Contract;
    }
}
