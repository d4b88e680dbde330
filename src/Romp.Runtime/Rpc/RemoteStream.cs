
namespace Romp.Rpc;

/// <summary>
/// The client side of a streaming method. Cold, like an async iterator: each enumeration sends its own REQUEST_BLOCK.
/// It holds its proxy, so the remote object is not released while the stream can still be enumerated.
/// </summary>
internal sealed class RemoteStream<TArgs, T> : IAsyncEnumerable<T> where TArgs : struct, IRompArgs
{
    private readonly ProxyBase _proxy;
    private readonly ushort _methodId;
    private readonly TArgs _args;
    private readonly IRompFormatter<T> _item;
    private readonly CancellationToken _callToken;

    public RemoteStream(ProxyBase proxy, ushort methodId, TArgs args, IRompFormatter<T> item, CancellationToken callToken)
    {
        _proxy = proxy;
        _methodId = methodId;
        _args = args;
        _item = item;
        _callToken = callToken;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        _proxy.ThrowIfReleased();
        RompConnection connection = _proxy.Connection;
        var receiver = new StreamReceiver<T>(connection, _item, connection.StreamWindow, _callToken, cancellationToken);
        receiver.Start(_proxy.ObjectId, _methodId, in _args);
        GC.KeepAlive(_proxy);
        return receiver;
    }
}
