using System.Runtime.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// Every object one owner (a server, a client, or a connection made with AttachAsync) exports, whether bound by name,
/// registered, or passed by reference: one <see cref="Export"/> per object and contract, shared by the owner's
/// connections, so that withdrawing an object holds on all of them, and on nobody else's. Weak in the object: the
/// connections that hold references keep it alive, not this.
/// </summary>
internal sealed class ExportRegistry
{
    // The value is the Export, or an Export[] for the rare object exported under more than one contract.
    private readonly ConditionalWeakTable<object, object> _byTarget = new();
    private readonly object _gate = new();

    public Export GetOrAdd(object target, RompObjectContract contract)
    {
        if (_byTarget.TryGetValue(target, out object? exports) && Find(exports, contract) is { } found)
            return found;

        lock (_gate)
        {
            if (_byTarget.TryGetValue(target, out exports) && Find(exports, contract) is { } raced)
                return raced;
            var export = new Export(target, contract);
            _byTarget.AddOrUpdate(target, exports switch
            {
                null => export,
                Export single => new[] { single, export },
                _ => (object)(Export[])[.. (Export[])exports, export],
            });
            return export;
        }
    }

    /// <summary>Withdraws every export of <paramref name="target"/>; exporting it again later makes a fresh one.</summary>
    public bool Withdraw(object target)
    {
        lock (_gate)
        {
            if (!_byTarget.TryGetValue(target, out object? exports))
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

            _byTarget.Remove(target);
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
