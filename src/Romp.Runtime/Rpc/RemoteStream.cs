using System.Diagnostics;
using System.Runtime.CompilerServices;
using Romp.Telemetry;

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
        ImportHandle handle = _proxy.Handle; // once: a recovering proxy may be bound again meanwhile
        if (_proxy.Recovery is { } recovery && !handle.Connection.TakesNewCalls)
            return AfterRecoveryAsync(recovery, handle, cancellationToken).GetAsyncEnumerator(cancellationToken);
        if (handle.Lacking(_methodId) is { } lacking)
            throw lacking;
        RompConnection connection = handle.Connection;
        var receiver = new StreamReceiver<T>(connection, _item, connection.StreamWindow, _callToken, cancellationToken);
        if (ClientCall.IsEnabled)
            StartObserved(receiver, handle);
        else
            receiver.Start(handle.ObjectId, _methodId, in _args, handle.Contract);
        GC.KeepAlive(_proxy);
        return receiver;
    }

    // The stream's span covers it until its final frame (or the consumer stops), so it is current only while its
    // REQUEST_BLOCK is written, which then carries its trace context: the consumer's own work is not part of it.
    private void StartObserved(StreamReceiver<T> receiver, ImportHandle handle)
    {
        Activity? previous = Activity.Current;
        receiver.Observe(ClientCall.Start(handle, _methodId));
        try
        {
            receiver.Start(handle.ObjectId, _methodId, in _args, handle.Contract);
        }
        catch (Exception error)
        {
            receiver.EndObservation(error);
            throw;
        }
        finally
        {
            ClientCall.RestoreCurrent(previous);
        }
    }

    // A stream started while its proxy waits to be bound again starts once it is, like any call.
    private async IAsyncEnumerable<T> AfterRecoveryAsync(ProxyRecovery recovery, ImportHandle lost, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await recovery.WaitAsync(_proxy, lost, lost.Connection.DeadlineForNewCall(), _methodId, cancellationToken).ConfigureAwait(false);
        await using IAsyncEnumerator<T> items = GetAsyncEnumerator(cancellationToken);
        while (await items.MoveNextAsync().ConfigureAwait(false))
            yield return items.Current;
    }
}
