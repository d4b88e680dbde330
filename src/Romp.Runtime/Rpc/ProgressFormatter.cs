using System.ComponentModel;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// Marshals an <see cref="IProgress{T}"/> parameter as a block (ROMP's blocks): the caller exports its progress object
/// for the duration of the call, and the callee's reports reach it in order, each before the call's answer. A report the
/// callee makes after its call ended is dropped.
/// </summary>
/// <typeparam name="T">The type of the values reported.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class ProgressFormatter<T> : IRompFormatter<IProgress<T>?>
{
    private static readonly string[] s_methodNames = ["Report"];
    private static readonly ushort[] s_methodIds = [ProgressProxy<T>.ReportMethodId];
    private static readonly uint[] s_signatureHashes = [0];

    private readonly RompObjectContract _contract;

    /// <summary>Creates the formatter for progress objects reporting <typeparamref name="T"/> values.</summary>
    /// <param name="item">The formatter of a reported value.</param>
    /// <param name="contractId">The generated contract id of the progress object (docs/protocol.md §4.4).</param>
    /// <param name="name">The contract's name, for messages: <c>progress System.IProgress&lt;int&gt;</c>.</param>
    public ProgressFormatter(IRompFormatter<T> item, ulong contractId, string name)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(name);
        // Serial: the caller's object gets the reports one at a time, in the order they were sent.
        // A progress object is only ever an argument, never resolved by name, so no resolve's method table carries its
        // Report: its signature hash is never compared, and the contract's name is its display name.
        _contract = new RompObjectContract(name, name, contractId, RompAccess.Serial, target => new ProgressProxy<T>(target, item),
            new ProgressDispatcher<T>(item), s_methodIds, s_signatureHashes, s_methodNames);
    }

    /// <inheritdoc />
    public void Write(ref RompWriter writer, IProgress<T>? value) => References.Write(ref writer, value, value as ProxyBase, _contract);

    /// <inheritdoc />
    public IProgress<T>? Read(ref RompReader reader) => (IProgress<T>?)References.Read(ref reader, _contract, callScoped: true);
}
