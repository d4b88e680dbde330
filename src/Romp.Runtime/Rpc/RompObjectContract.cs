using System.ComponentModel;
using Romp.Description;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// What the source generator knows about one <see cref="RompObjectAttribute"/> interface: its contract name and id, its
/// method table, its access mode, how to build a proxy for it and how to dispatch calls to an implementation of it.
/// </summary>
/// <remarks>
/// Method ids are sparse (docs/protocol.md §4.3): each is derived from the method's signature or given with
/// <see cref="RompIdAttribute"/>. The table is kept sorted by id, so every lookup by id is a binary search over a
/// small array, with no allocation.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class RompObjectContract
{
    // The method table in ascending id order; written once by the constructor and read-only after, so every connection
    // reads it without a lock. _methodNames is the generator's array, read-only by contract.
    private readonly ushort[] _methodIds;
    private readonly uint[] _signatureHashes;
    private readonly string[] _methodNames;

    // The idempotent methods as a bit set over the table's indexes; empty when there are none.
    private readonly ulong[] _idempotent;

    // "Interface/Method" per method, by index, as telemetry and traces name a call; built on first use, then read
    // without a lock (two threads racing build equal arrays, and either may win).
    private string[]? _qualifiedNames;

    // Built on the first describe, then read without a lock (two threads racing build equal descriptions).
    private RompContractDescription? _description;

    /// <summary>Creates a contract; called only from generated module initializers.</summary>
    /// <param name="interfaceName">The interface's full name, used in error messages.</param>
    /// <param name="contractName">
    /// The contract's name on the wire (<see cref="RompObjectAttribute.Name"/>, or the interface's full name): what a
    /// resolve asks for, the same for every version of the interface.
    /// </param>
    /// <param name="id">The contract id: the 64-bit FNV-1a hash of <paramref name="contractName"/>, which references carry.</param>
    /// <param name="access">How the server schedules calls on objects of this interface.</param>
    /// <param name="createProxy">Builds the generated proxy for a remote object.</param>
    /// <param name="dispatcher">The generated dispatcher.</param>
    /// <param name="methodIds">The method ids, in strictly ascending order, each from 1 to 0x7FFF. Copied.</param>
    /// <param name="signatureHashes">Each method's 32-bit signature hash, in the order of <paramref name="methodIds"/>. Copied.</param>
    /// <param name="methodNames">
    /// Each method's name, in the order of <paramref name="methodIds"/>. Accessors are named as .NET names them
    /// (<c>get_Count</c>, <c>set_Item</c>). The contract keeps the array and never changes it.
    /// </param>
    /// <param name="idempotentMethodIds">
    /// The ids of the <see cref="IdempotentAttribute"/> methods, in any order. They are read once, into a bit set; the
    /// contract keeps no reference to them.
    /// </param>
    /// <exception cref="ArgumentException">The three method arrays differ in length, or the ids are not strictly ascending.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A method id is 0 or above 0x7FFF, or an idempotent id names no method.</exception>
    public RompObjectContract(
        string interfaceName, string contractName, ulong id, RompAccess access, Func<ProxyTarget, object> createProxy, DispatcherBase dispatcher,
        ReadOnlySpan<ushort> methodIds, ReadOnlySpan<uint> signatureHashes, string[] methodNames, ReadOnlySpan<ushort> idempotentMethodIds = default)
    {
        ArgumentNullException.ThrowIfNull(interfaceName);
        ArgumentNullException.ThrowIfNull(contractName);
        ArgumentNullException.ThrowIfNull(methodNames);
        if (signatureHashes.Length != methodIds.Length || methodNames.Length != methodIds.Length)
            throw new ArgumentException("Every method needs an id, a signature hash and a name.", nameof(methodNames));
        for (int i = 0; i < methodIds.Length; i++)
        {
            ArgumentOutOfRangeException.ThrowIfZero(methodIds[i], nameof(methodIds));
            ArgumentOutOfRangeException.ThrowIfGreaterThan(methodIds[i], Romp.Protocol.CallHeader.MaxMethodId, nameof(methodIds));
            if (i > 0 && methodIds[i] <= methodIds[i - 1])
                throw new ArgumentException("The method ids must be in strictly ascending order.", nameof(methodIds));
        }

        InterfaceName = interfaceName;
        ContractName = contractName;
        Id = id;
        Access = access;
        CreateProxy = createProxy;
        Dispatcher = dispatcher;
        _methodIds = methodIds.ToArray();
        _signatureHashes = signatureHashes.ToArray();
        _methodNames = methodNames;
        _idempotent = ToBitSet(idempotentMethodIds);
    }

    /// <summary>The interface's full name.</summary>
    public string InterfaceName { get; }

    /// <summary>The contract's name on the wire; a resolve for another name fails with <see cref="RompError.TypeGuardFailure"/>.</summary>
    public string ContractName { get; }

    /// <summary>The contract id: the hash of <see cref="ContractName"/>, which references carry.</summary>
    public ulong Id { get; }

    /// <summary>How the server schedules calls on objects of this interface.</summary>
    public RompAccess Access { get; }

    /// <summary>The number of remote methods.</summary>
    public int MethodCount => _methodIds.Length;

    /// <summary>The method ids, in ascending order.</summary>
    internal ReadOnlySpan<ushort> MethodIds => _methodIds;

    /// <summary>
    /// The name of method <paramref name="methodId"/> (<c>Add</c>, <c>get_Count</c>), or <see langword="null"/> when the
    /// interface has no such method, as when a peer sends an id this side does not know.
    /// </summary>
    public string? GetMethodName(ushort methodId) => IndexOf(methodId) is var index and >= 0 ? _methodNames[index] : null;

    /// <summary>The position of method <paramref name="methodId"/> in the table, or -1: a binary search, no allocation.</summary>
    internal int IndexOf(ushort methodId)
    {
        int index = Array.BinarySearch(_methodIds, methodId);
        return index >= 0 ? index : -1;
    }

    /// <summary>The signature hash of the method at <paramref name="index"/> (from <see cref="IndexOf"/>).</summary>
    internal uint SignatureHashAt(int index) => _signatureHashes[index];

    /// <summary>
    /// The method as <c>Interface/Method</c> (OpenTelemetry's <c>rpc.method</c> form), or <c>Interface/#id</c> for an id the
    /// interface does not define. Cached: no allocation after the first call.
    /// </summary>
    internal string GetQualifiedMethodName(ushort methodId)
    {
        int index = IndexOf(methodId);
        if (index < 0)
            return InterfaceName + "/#" + methodId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        string[] names = _qualifiedNames ??= BuildQualifiedNames();
        return names[index];
    }

    private string[] BuildQualifiedNames()
    {
        var names = new string[_methodNames.Length];
        for (int i = 0; i < names.Length; i++)
            names[i] = InterfaceName + "/" + _methodNames[i];
        return names;
    }

    /// <summary>Each method's telemetry by table index (Telemetry/MethodTelemetry.cs), made on first use.</summary>
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
            methods[i] = new RompMethodDescription(_methodIds[i], _signatureHashes[i], _methodNames[i], RompMethodKind.Request, RompMemberKind.Method,
                IsIdempotent(_methodIds[i]), "? " + _methodNames[i] + "(?)", [], "?", unknown);
        }

        return new RompContractDescription(InterfaceName, ContractName, Id, Access, methods, []);
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
    /// broken by a lost connection may be sent again after a reconnect. Without idempotent methods, one length test; with
    /// some, a binary search and a bit test: no allocation.
    /// </summary>
    internal bool IsIdempotent(ushort methodId)
    {
        ulong[] words = _idempotent;
        if (words.Length == 0)
            return false;
        int index = IndexOf(methodId);
        return index >= 0 && (uint)(index >> 6) < (uint)words.Length && (words[index >> 6] & (1UL << index)) != 0;
    }

    private ulong[] ToBitSet(ReadOnlySpan<ushort> idempotentMethodIds)
    {
        if (idempotentMethodIds.IsEmpty)
            return [];

        var words = new ulong[(_methodIds.Length + 63) >> 6];
        foreach (ushort methodId in idempotentMethodIds)
        {
            int index = IndexOf(methodId);
            if (index < 0)
                throw new ArgumentOutOfRangeException(nameof(idempotentMethodIds), methodId, "An idempotent method id names no method of the contract.");
            // The shift count of a ulong is taken mod 64, so 1UL << index is bit index % 64.
            words[index >> 6] |= 1UL << index;
        }

        return words;
    }
}
