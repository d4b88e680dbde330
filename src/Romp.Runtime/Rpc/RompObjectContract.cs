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
    // The idempotent method ids as a bit set. Method ids are numbered from 1 in declaration order, so it is small and
    // dense: one word up to id 63. Written once by the constructor and read-only after, so every connection reads it
    // without a lock.
    private readonly ulong[] _idempotent;

    /// <summary>Creates a contract; called only from generated module initializers.</summary>
    /// <param name="interfaceName">The interface's full name, used in error messages.</param>
    /// <param name="id">A hash of the interface name and its method signatures, equal on both sides when they agree.</param>
    /// <param name="access">How the server schedules calls on objects of this interface.</param>
    /// <param name="createProxy">Builds the generated proxy for a remote object.</param>
    /// <param name="dispatcher">The generated dispatcher.</param>
    public RompObjectContract(string interfaceName, ulong id, RompAccess access, Func<ProxyTarget, object> createProxy, DispatcherBase dispatcher)
        : this(interfaceName, id, access, createProxy, dispatcher, ReadOnlySpan<ushort>.Empty)
    {
    }

    /// <summary>
    /// Creates a contract some of whose methods are <see cref="IdempotentAttribute"/>; called only from generated module
    /// initializers.
    /// </summary>
    /// <param name="interfaceName">The interface's full name, used in error messages.</param>
    /// <param name="id">A hash of the interface name and its method signatures, equal on both sides when they agree.</param>
    /// <param name="access">How the server schedules calls on objects of this interface.</param>
    /// <param name="createProxy">Builds the generated proxy for a remote object.</param>
    /// <param name="dispatcher">The generated dispatcher.</param>
    /// <param name="idempotentMethodIds">
    /// The ids of the idempotent methods, in any order. They are read once, into a bit set; the contract keeps no
    /// reference to them.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An id is 0, which is never a method id.</exception>
    public RompObjectContract(
        string interfaceName, ulong id, RompAccess access, Func<ProxyTarget, object> createProxy, DispatcherBase dispatcher,
        ReadOnlySpan<ushort> idempotentMethodIds)
    {
        InterfaceName = interfaceName;
        Id = id;
        Access = access;
        CreateProxy = createProxy;
        Dispatcher = dispatcher;
        _idempotent = ToBitSet(idempotentMethodIds);
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

    /// <summary>
    /// Whether method <paramref name="methodId"/> is declared <see cref="IdempotentAttribute"/>, so that a call to it
    /// broken by a lost connection may be sent again after a reconnect. One bit test: no lookup, no allocation.
    /// </summary>
    internal bool IsIdempotent(ushort methodId)
    {
        ulong[] words = _idempotent;
        int word = methodId >> 6;
        // The shift count of a ulong is taken mod 64, so 1UL << methodId is bit methodId % 64.
        return (uint)word < (uint)words.Length && (words[word] & (1UL << methodId)) != 0;
    }

    private static ulong[] ToBitSet(ReadOnlySpan<ushort> idempotentMethodIds)
    {
        if (idempotentMethodIds.IsEmpty)
            return [];

        int highest = 0;
        foreach (ushort methodId in idempotentMethodIds)
        {
            ArgumentOutOfRangeException.ThrowIfZero(methodId, nameof(idempotentMethodIds));
            highest = Math.Max(highest, methodId);
        }

        ulong[] words = new ulong[(highest >> 6) + 1];
        foreach (ushort methodId in idempotentMethodIds)
            words[methodId >> 6] |= 1UL << methodId;
        return words;
    }
}
