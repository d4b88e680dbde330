using System.ComponentModel;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// What the source generator knows about one <see cref="RompObjectAttribute"/> interface: its stable contract id,
/// its access mode, how to build a proxy for it and how to dispatch calls to an implementation of it.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RompObjectContract
{
    /// <summary>Creates a contract; called only from generated module initializers.</summary>
    /// <param name="interfaceName">The interface's full name, used in error messages.</param>
    /// <param name="id">A hash of the interface name and its method signatures, equal on both sides when they agree.</param>
    /// <param name="access">How the server schedules calls on objects of this interface.</param>
    /// <param name="createProxy">Builds the generated proxy for a remote object.</param>
    /// <param name="dispatcher">The generated dispatcher.</param>
    public RompObjectContract(string interfaceName, ulong id, RompAccess access, Func<ProxyTarget, object> createProxy, DispatcherBase dispatcher)
    {
        InterfaceName = interfaceName;
        Id = id;
        Access = access;
        CreateProxy = createProxy;
        Dispatcher = dispatcher;
    }

    /// <summary>The interface's full name.</summary>
    public string InterfaceName { get; }

    /// <summary>The contract id; a name resolved for another contract id fails with <see cref="RompError.TypeGuardFailure"/>.</summary>
    public ulong Id { get; }

    /// <summary>How the server schedules calls on objects of this interface.</summary>
    public RompAccess Access { get; }

    /// <summary>The interface, set when registered: an object may come home as a base of the interface it left as.</summary>
    internal Type? InterfaceType { get; set; }

    internal Func<ProxyTarget, object> CreateProxy { get; }

    internal DispatcherBase Dispatcher { get; }
}
