using System.Collections.Concurrent;

namespace Romp.Rpc;

/// <summary>
/// The objects an owner exports on its own account: bound by name (ROMP's bind) or registered without one (ROMP's
/// register). It holds them strongly; objects only passed by reference are held by the connections that hold them.
/// </summary>
internal sealed class ObjectDirectory
{
    public ObjectDirectory(ExportRegistry registry) => Registry = registry;

    /// <summary>The owner's registry: every object it exports, named or not.</summary>
    public ExportRegistry Registry { get; }

    private readonly ConcurrentDictionary<string, Export> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Export, byte> _held = new(ReferenceEqualityComparer.Instance);

    public void Bind(string name, object target, RompObjectContract contract, RompPolicy? policy = null)
    {
        if (_byName.ContainsKey(name))
            throw new ArgumentException($"An object is already bound as '{name}'; Unbind it first.", nameof(name));
        Export export = Registry.GetOrAdd(target, contract);
        if (policy is not null)
            export.Protect(policy); // before the name exists, so the object is never reachable unprotected
        _held.TryAdd(export, 0);
        if (!_byName.TryAdd(name, export))
            throw new ArgumentException($"An object is already bound as '{name}'; Unbind it first.", nameof(name));
    }

    public Export Register(object target, RompObjectContract contract)
    {
        Export export = Registry.GetOrAdd(target, contract);
        _held.TryAdd(export, 0);
        return export;
    }

    public bool TryResolve(string name, out Export export) => _byName.TryGetValue(name, out export!);

    /// <summary>A snapshot of the bound names and their objects, in ordinal order of the names (for the describe service).</summary>
    public List<KeyValuePair<string, Export>> SnapshotNames()
    {
        var names = new List<KeyValuePair<string, Export>>(_byName);
        names.Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        return names;
    }

    /// <summary>Removes the name and withdraws its object, unless the same object is still bound under another name.</summary>
    public bool Unbind(string name)
    {
        if (!_byName.TryRemove(name, out Export? export))
            return false;
        foreach (Export other in _byName.Values)
        {
            if (ReferenceEquals(other, export))
                return true;
        }

        Withdraw(export);
        return true;
    }

    /// <summary>Withdraws <paramref name="target"/>, whether registered here or only passed by reference.</summary>
    public bool Unregister(object target)
    {
        foreach (KeyValuePair<string, Export> entry in _byName)
        {
            if (ReferenceEquals(entry.Value.Target, target))
                _byName.TryRemove(entry);
        }

        foreach (Export export in _held.Keys)
        {
            if (ReferenceEquals(export.Target, target))
                _held.TryRemove(export, out _);
        }

        return Registry.Withdraw(target);
    }

    private void Withdraw(Export export) => Unregister(export.Target);
}
