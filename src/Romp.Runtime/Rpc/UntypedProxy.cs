namespace Romp.Rpc;

/// <summary>
/// The proxy behind a <see cref="RompRemoteObject"/>: it only holds the reference (and gives it back when collected);
/// the calls go through <see cref="RompRemoteObject"/> with payloads it is handed already encoded.
/// </summary>
internal sealed class UntypedProxy(ProxyTarget target) : ProxyBase(target)
{
    /// <summary>A contract that only names the interface and its id: it is imported, never exported, so it dispatches nothing.</summary>
    public static RompObjectContract Contract(string interfaceName, ulong contractId) =>
        new(interfaceName, contractId, RompAccess.Parallel, static target => new UntypedProxy(target), NoDispatcher.Instance, []);

    private sealed class NoDispatcher : DispatcherBase
    {
        public static readonly NoDispatcher Instance = new();

        public override ValueTask DispatchAsync(IncomingCall call) => call.UnknownMethod();
    }
}
