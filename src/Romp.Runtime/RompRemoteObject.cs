using Romp.Description;
using Romp.Rpc;

namespace Romp;

/// <summary>
/// A remote object called without its generated proxy: by method id, with arguments already encoded and the result
/// handed back as its bytes. What generic tools use with <see cref="RompJsonCodec"/> (the <c>romp</c> tool's
/// <c>call</c>); typed code should resolve the interface instead. Get one from
/// <see cref="RompConnection.ResolveAsync(RompObjectDescription, CancellationToken)"/>.
/// </summary>
/// <remarks>
/// It holds one reference to the object, as a proxy does: <see cref="Dispose"/> gives it back (so does the garbage
/// collector, when it is dropped). It has no identity: resolving the same name twice gives two of them.
/// </remarks>
public sealed class RompRemoteObject : IDisposable, IAsyncDisposable
{
    private readonly ProxyBase _proxy;

    internal RompRemoteObject(ProxyBase proxy, RompObjectDescription target)
    {
        _proxy = proxy;
        Description = target;
    }

    /// <summary>The bound name and contract this object was resolved by.</summary>
    public RompObjectDescription Description { get; }

    /// <summary>
    /// Sends REQUEST for method <paramref name="methodId"/> with <paramref name="arguments"/> as its argument payload,
    /// and completes with the answer's payload (empty for a method without a result). A one-way method called this way
    /// runs and is answered empty (docs/protocol.md §3.11); a stream method cannot be.
    /// </summary>
    /// <exception cref="RompException">
    /// The call failed: as any call does, <see cref="RompError.InvalidMessage"/> when the method streams, or
    /// <see cref="RompError.UnknownMethod"/> (unsent) when the resolve found that the object lacks the method.
    /// </exception>
    /// <exception cref="RemoteException">The method threw.</exception>
    public async Task<byte[]> InvokeAsync(ushort methodId, ReadOnlyMemory<byte> arguments, CancellationToken cancellationToken = default)
    {
        _proxy.ThrowIfReleased();
        if (_proxy.Handle.Lacking(methodId) is { } lacking)
            throw lacking;
        ValueTask<byte[]> pending = _proxy.Connection.CallAsync(_proxy.ObjectId, methodId, new RawArguments(arguments), RawResult.Instance, cancellationToken);
        GC.KeepAlive(this); // until the frame is written: a finalizer's RELEASE must not overtake the call
        return await pending.ConfigureAwait(false);
    }

    /// <summary>
    /// Returns a stream that sends REQUEST_BLOCK for stream method <paramref name="methodId"/> each time it is enumerated,
    /// and yields each item as the bytes it takes; <paramref name="item"/> (the method's <see cref="RompTypeKind.Stream"/>
    /// argument) says where one item ends. Stop enumerating to cancel the stream. A reference inside an item is not
    /// imported: the object is held for this connection until it closes.
    /// </summary>
    /// <exception cref="RompException">The stream failed, as any call does, or an item does not fit <paramref name="item"/> (<see cref="RompError.InvalidMessage"/>).</exception>
    public IAsyncEnumerable<byte[]> InvokeStream(ushort methodId, ReadOnlyMemory<byte> arguments, RompTypeShape item, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(item);
        _proxy.ThrowIfReleased();
        return new RemoteStream<RawArguments, byte[]>(_proxy, methodId, new RawArguments(arguments), new ShapedItem(Description.Contract, item), cancellationToken);
    }

    /// <summary>Gives the reference back; later calls fail with <see cref="RompError.DroppedObject"/>.</summary>
    public void Dispose() => _proxy.Dispose();

    /// <summary>The same as <see cref="Dispose"/>.</summary>
    public ValueTask DisposeAsync() => _proxy.DisposeAsync();

    /// <inheritdoc />
    public override string ToString() => $"{Description.Name} ({Description.Contract.InterfaceName}) on {_proxy.Connection}";
}
