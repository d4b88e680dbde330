using System.Collections.Concurrent;

namespace Romp.Rpc;

/// <summary>The objects a server exports: bound by name (ROMP's bind) or registered without one (ROMP's register).</summary>
internal sealed class ObjectDirectory
{
    private readonly ConcurrentDictionary<string, Export> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<object, Export> _byObject = new(ReferenceEqualityComparer.Instance);

    public void Bind(string name, object target, RompObjectContract contract)
    {
        Export export = Register(target, contract);
        if (!_byName.TryAdd(name, export))
            throw new ArgumentException($"An object is already bound as '{name}'; Unbind it first.", nameof(name));
    }

    public Export Register(object target, RompObjectContract contract) =>
        _byObject.GetOrAdd(target, static (t, c) => new Export(t, c), contract);

    public bool TryResolve(string name, out Export export) => _byName.TryGetValue(name, out export!);

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

    public bool Unregister(object target)
    {
        if (!_byObject.TryGetValue(target, out Export? export))
            return false;
        foreach (KeyValuePair<string, Export> entry in _byName)
        {
            if (ReferenceEquals(entry.Value, export))
                _byName.TryRemove(entry);
        }

        Withdraw(export);
        return true;
    }

    private void Withdraw(Export export)
    {
        export.Withdraw();
        _byObject.TryRemove(new KeyValuePair<object, Export>(export.Target, export));
    }
}
