namespace Romp.Rpc;

/// <summary>
/// The proxy behind a <see cref="RompRemoteObject"/>: it only holds the reference (and gives it back when collected);
/// the calls go through <see cref="RompRemoteObject"/> with payloads it is handed already encoded.
/// </summary>
internal sealed class UntypedProxy(ProxyTarget target) : ProxyBase(target)
{
    /// <summary>
    /// The contract a description names, with its method table, so that a resolve through it is checked as a typed
    /// one is: it is imported, never exported, so it dispatches nothing.
    /// </summary>
    /// <exception cref="ArgumentException">Two of the description's methods have the same id.</exception>
    public static RompObjectContract Contract(Romp.Description.RompContractDescription description)
    {
        Romp.Description.RompMethodDescription[] methods = [.. description.Methods];
        Array.Sort(methods, static (a, b) => a.Id.CompareTo(b.Id));
        var ids = new ushort[methods.Length];
        var hashes = new uint[methods.Length];
        var names = new string[methods.Length];
        for (int i = 0; i < methods.Length; i++)
            (ids[i], hashes[i], names[i]) = (methods[i].Id, methods[i].SignatureHash, methods[i].Name);
        var contract = new RompObjectContract(description.InterfaceName, description.ContractName, description.ContractId, RompAccess.Parallel,
            static target => new UntypedProxy(target), NoDispatcher.Instance, ids, hashes, names);
        contract.DescriptionFactory = () => description; // what errors name its methods by
        return contract;
    }

    private sealed class NoDispatcher : DispatcherBase
    {
        public static readonly NoDispatcher Instance = new();

        public override ValueTask DispatchAsync(IncomingCall call) => call.UnknownMethod();
    }
}
