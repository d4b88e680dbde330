using System.ComponentModel;
using Romp.Description;
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

    // Indexed by method id - 1; the generator's array, read-only by contract.
    private readonly string[] _methodNames;

    // "Interface/Method" per method, as telemetry and traces name a call; built on first use, then read without a lock
    // (two threads racing build equal arrays, and either may win).
    private string[]? _qualifiedNames;

    // Built on the first describe, then read without a lock (two threads racing build equal descriptions).
    private RompContractDescription? _description;

    /// <summary>Creates a contract; called only from generated module initializers.</summary>
    /// <param name="interfaceName">The interface's full name, used in error messages.</param>
    /// <param name="id">A hash of the interface name and its method signatures, equal on both sides when they agree.</param>
    /// <param name="access">How the server schedules calls on objects of this interface.</param>
    /// <param name="createProxy">Builds the generated proxy for a remote object.</param>
    /// <param name="dispatcher">The generated dispatcher.</param>
    /// <param name="methodNames">
    /// The methods' names in id order: element 0 names method 1. Accessors are named as .NET names them
    /// (<c>get_Count</c>, <c>set_Item</c>). The contract keeps the array and never changes it.
    /// </param>
    /// <param name="idempotentMethodIds">
    /// The ids of the <see cref="IdempotentAttribute"/> methods, in any order. They are read once, into a bit set; the
    /// contract keeps no reference to them.
    /// </param>
    /// <exception cref="ArgumentOutOfRangeException">An idempotent id is 0 or names no method.</exception>
    public RompObjectContract(
        string interfaceName, ulong id, RompAccess access, Func<ProxyTarget, object> createProxy, DispatcherBase dispatcher,
        string[] methodNames, ReadOnlySpan<ushort> idempotentMethodIds = default)
    {
        ArgumentNullException.ThrowIfNull(methodNames);
        InterfaceName = interfaceName;
        Id = id;
        Access = access;
        CreateProxy = createProxy;
        Dispatcher = dispatcher;
        _methodNames = methodNames;
        _idempotent = ToBitSet(idempotentMethodIds, methodNames.Length);
    }

    /// <summary>The interface's full name.</summary>
    public string InterfaceName { get; }

    /// <summary>The contract id; a name resolved for another contract id fails with <see cref="RompError.TypeGuardFailure"/>.</summary>
    public ulong Id { get; }

    /// <summary>How the server schedules calls on objects of this interface.</summary>
    public RompAccess Access { get; }

    /// <summary>The number of remote methods; their ids run from 1 to this count.</summary>
    public int MethodCount => _methodNames.Length;

    /// <summary>
    /// The name of method <paramref name="methodId"/> (<c>Add</c>, <c>get_Count</c>), or <see langword="null"/> when the
    /// interface has no such method, as when a peer sends an id this side does not know.
    /// </summary>
    public string? GetMethodName(ushort methodId) =>
        methodId - 1u < (uint)_methodNames.Length ? _methodNames[methodId - 1] : null;

    /// <summary>
    /// The method as <c>Interface/Method</c> (OpenTelemetry's <c>rpc.method</c> form), or <c>Interface/#id</c> for an id the
    /// interface does not define. Cached: no allocation after the first call.
    /// </summary>
    internal string GetQualifiedMethodName(ushort methodId)
    {
        if (methodId - 1u >= (uint)_methodNames.Length)
            return InterfaceName + "/#" + methodId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string[] names = _qualifiedNames ??= BuildQualifiedNames();
        return names[methodId - 1];
    }

    private string[] BuildQualifiedNames()
    {
        var names = new string[_methodNames.Length];
        for (int i = 0; i < names.Length; i++)
            names[i] = InterfaceName + "/" + _methodNames[i];
        return names;
    }

    /// <summary>Each method's telemetry (Telemetry/MethodTelemetry.cs), made on first use.</summary>
    internal Romp.Telemetry.MethodTelemetry[]? TelemetryCache { get; set; }

    /// <summary>
    /// What the interface offers: its methods with their signatures, parameters and results, and the types they use.
    /// Built by the generated code on the first call, never at start-up. A contract registered without that code
    /// (an older generator) is described by its method names alone, with <see cref="RompTypeKind.Opaque"/> results.
    /// </summary>
    public RompContractDescription Describe() => _description ??= DescriptionFactory?.Invoke() ?? DescribeByNames();

    /// <summary>Whether <see cref="Describe"/> has built the description (tests check that nothing builds it sooner).</summary>
    internal bool IsDescribed => Volatile.Read(ref _description) is not null;

    /// <summary>The generated factory of <see cref="Describe"/>'s answer, set when registered; null without one.</summary>
    internal Func<RompContractDescription>? DescriptionFactory { get; set; }

    private RompContractDescription DescribeByNames()
    {
        var methods = new RompMethodDescription[_methodNames.Length];
        RompTypeShape unknown = RompTypeShape.Opaque("?");
        for (int i = 0; i < methods.Length; i++)
        {
            methods[i] = new RompMethodDescription((ushort)(i + 1), _methodNames[i], RompMethodKind.Request, RompMemberKind.Method,
                IsIdempotent((ushort)(i + 1)), "? " + _methodNames[i] + "(?)", [], "?", unknown);
        }

        return new RompContractDescription(InterfaceName, Id, Access, methods, []);
    }

    /// <summary>
    /// The faults each method declares (<see cref="RompFaultAttribute"/>), by method id: the generated lookup, set when
    /// registered; null for a contract without any. The generated arrays are built on its first call, never at start-up.
    /// </summary>
    internal Func<ushort, RompFault[]?>? FaultsOf { get; set; }

    /// <summary>The faults method <paramref name="methodId"/> declares, or null when it declares none.</summary>
    internal RompFault[]? FindFaults(ushort methodId) => FaultsOf?.Invoke(methodId);

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

    private static ulong[] ToBitSet(ReadOnlySpan<ushort> idempotentMethodIds, int methodCount)
    {
        if (idempotentMethodIds.IsEmpty)
            return [];

        int highest = 0;
        foreach (ushort methodId in idempotentMethodIds)
        {
            ArgumentOutOfRangeException.ThrowIfZero(methodId, nameof(idempotentMethodIds));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(methodId, methodCount, nameof(idempotentMethodIds));
            highest = Math.Max(highest, methodId);
        }

        ulong[] words = new ulong[(highest >> 6) + 1];
        foreach (ushort methodId in idempotentMethodIds)
            words[methodId >> 6] |= 1UL << methodId;
        return words;
    }
}
