using System.ComponentModel;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// Marshals a <see cref="RompObjectAttribute"/> interface by reference: the sender exports the object to the connection
/// and the receiver gets a proxy (or, when the object is the receiver's own, the object itself). Used by generated code
/// wherever such an interface is the declared type of a value.
/// </summary>
/// <typeparam name="T">The <see cref="RompObjectAttribute"/> interface.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RemoteRefFormatter<T> : IRompFormatter<T?> where T : class
{
    private RemoteRefFormatter()
    {
    }

    /// <summary>The formatter; it holds no state (the contract is looked up when first needed, after module initializers ran).</summary>
    public static RemoteRefFormatter<T> Instance { get; } = new();

    /// <inheritdoc />
    public void Write(ref RompWriter writer, T? value) =>
        References.Write(ref writer, value, value as ProxyBase, RompContracts.Get<T>());

    /// <inheritdoc />
    public T? Read(ref RompReader reader)
    {
        // A proxy is generated for T; an object coming home was exported as T (its contract is checked).
        return (T?)References.Read(ref reader, RompContracts.Get<T>(), callScoped: false);
    }
}
