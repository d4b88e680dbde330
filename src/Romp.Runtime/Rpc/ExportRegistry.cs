using System.Runtime.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// Every object this process exports, whether bound by name, registered, or passed by reference: one
/// <see cref="Export"/> per object and contract, shared by all connections, so that withdrawing an object or serializing
/// its calls holds everywhere. Weak in the object: the connections that hold references keep it alive, not this.
/// </summary>
internal static class ExportRegistry
{
    // The value is the Export, or an Export[] for the rare object exported under more than one contract.
    private static readonly ConditionalWeakTable<object, object> s_byTarget = new();
    private static readonly object s_gate = new();

    public static Export GetOrAdd(object target, RompObjectContract contract)
    {
        if (s_byTarget.TryGetValue(target, out object? exports) && Find(exports, contract) is { } found)
            return found;

        lock (s_gate)
        {
            if (s_byTarget.TryGetValue(target, out exports) && Find(exports, contract) is { } raced)
                return raced;
            var export = new Export(target, contract);
            s_byTarget.AddOrUpdate(target, exports switch
            {
                null => export,
                Export single => new[] { single, export },
                _ => (object)(Export[])[.. (Export[])exports, export],
            });
            return export;
        }
    }

    /// <summary>Withdraws every export of <paramref name="target"/>; exporting it again later makes a fresh one.</summary>
    public static bool Withdraw(object target)
    {
        lock (s_gate)
        {
            if (!s_byTarget.TryGetValue(target, out object? exports))
                return false;
            if (exports is Export single)
            {
                single.Withdraw();
            }
            else
            {
                foreach (Export export in (Export[])exports)
                    export.Withdraw();
            }

            s_byTarget.Remove(target);
            return true;
        }
    }

    private static Export? Find(object exports, RompObjectContract contract)
    {
        if (exports is Export single)
            return ReferenceEquals(single.Contract, contract) ? single : null;
        foreach (Export export in (Export[])exports)
        {
            if (ReferenceEquals(export.Contract, contract))
                return export;
        }

        return null;
    }
}
