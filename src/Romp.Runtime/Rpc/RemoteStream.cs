using Romp.Serialization;
using Romp.Transport;

namespace Romp.Rpc;

/// <summary>
/// The client side of a streaming method. Cold, like an async iterator: each enumeration sends its own REQUEST_BLOCK.
/// </summary>
internal sealed class RemoteStream<TArgs, T> : IAsyncEnumerable<T> where TArgs : struct, IRompArgs
{
    private readonly RompConnection _connection;
    private readonly uint _objectId;
    private readonly ushort _methodId;
    private readonly TArgs _args;
    private readonly IRompFormatter<T> _item;
    private readonly CancellationToken _callToken;

    public RemoteStream(RompConnection connection, uint objectId, ushort methodId, TArgs args, IRompFormatter<T> item, CancellationToken callToken)
    {
        _connection = connection;
        _objectId = objectId;
        _methodId = methodId;
        _args = args;
        _item = item;
        _callToken = callToken;
    }

    public IAsyncEnumerator<T> GetAsyncEnumerator(CancellationToken cancellationToken = default)
    {
        var receiver = new StreamReceiver<T>(_connection, _item, _connection.StreamWindow, _callToken, cancellationToken);
        receiver.Start(_objectId, _methodId, in _args);
        return receiver;
    }
}
