using System.Runtime.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// Every object this process exports, whether bound by name, registered, or passed by reference: one
/// <see cref="Export"/> per object and contract, shared by all connections, so that withdrawing an object or serializing
/// its calls holds everywhere. Weak in the object: the connections that hold references keep it alive, not this.
/// </summary>
internal static class ExportRegistry
{
    private static readonly ConditionalWeakTable<object, Export[]> s_byTarget = new();
    private static readonly object s_gate = new();

    public static Export GetOrAdd(object target, RompObjectContract contract)
    {
        if (s_byTarget.TryGetValue(target, out Export[]? exports) && Find(exports, contract) is { } found)
            return found;

        lock (s_gate)
        {
            if (s_byTarget.TryGetValue(target, out exports) && Find(exports, contract) is { } raced)
                return raced;
            var export = new Export(target, contract);
            s_byTarget.AddOrUpdate(target, exports is null ? [export] : [.. exports, export]);
            return export;
        }
    }

    /// <summary>Withdraws every export of <paramref name="target"/>; exporting it again later makes a fresh one.</summary>
    public static bool Withdraw(object target)
    {
        lock (s_gate)
        {
            if (!s_byTarget.TryGetValue(target, out Export[]? exports))
                return false;
            foreach (Export export in exports)
                export.Withdraw();
            s_byTarget.Remove(target);
            return true;
        }
    }

    private static Export? Find(Export[] exports, RompObjectContract contract)
    {
        foreach (Export export in exports)
        {
            if (ReferenceEquals(export.Contract, contract))
                return export;
        }

        return null;
    }
}
