using System.ComponentModel;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// Marshals a delegate parameter as a block (ROMP's blocks): the caller exports the delegate for the duration of the
/// call, and the callee gets a delegate that calls back over the same connection. The callee releases it when the call
/// ends; invoking it after that fails with <see cref="RompError.DroppedObject"/>.
/// </summary>
/// <typeparam name="TDelegate">The delegate type.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class BlockFormatter<TDelegate> : IRompFormatter<TDelegate?> where TDelegate : Delegate
{
    private readonly RompObjectContract _contract;

    /// <summary>Creates the formatter for the generated block contract of <typeparamref name="TDelegate"/>.</summary>
    public BlockFormatter(RompObjectContract contract) => _contract = contract ?? throw new ArgumentNullException(nameof(contract));

    /// <inheritdoc />
    public void Write(ref RompWriter writer, TDelegate? value) =>
        References.Write(ref writer, value, value?.Target as BlockProxy<TDelegate>, _contract);

    /// <inheritdoc />
    public TDelegate? Read(ref RompReader reader) => References.Read(ref reader, _contract, callScoped: true) switch
    {
        null => null,
        BlockProxy<TDelegate> proxy => proxy.Delegate,
        object own => (TDelegate)own,
    };
}
