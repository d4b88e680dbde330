using System.ComponentModel;
using Romp.Protocol;
using Romp.Serialization;
using Romp.Transport;

namespace Romp.Rpc;

/// <summary>
/// Base of the generated client proxies. Each generated method packs its arguments into an <see cref="IRompArgs"/>
/// struct and calls one of these helpers with its method id.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ProxyBase
{
    private readonly RompConnection _connection;
    private readonly uint _objectId;

    /// <summary>Binds the proxy to its remote object.</summary>
    protected ProxyBase(ProxyTarget target)
    {
        _connection = target.Connection ?? throw new ArgumentException("The proxy target is empty.", nameof(target));
        _objectId = target.ObjectId;
    }

    internal RompConnection Connection => _connection;

    internal uint ObjectId => _objectId;

    /// <summary>Sends REQUEST and completes with the RETVAL, read with <paramref name="result"/>.</summary>
    protected ValueTask<TResult> InvokeAsync<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
        => _connection.CallAsync(_objectId, methodId, in args, result, cancellationToken);

    /// <summary>Sends REQUEST for a method without a result and completes when the RETVAL arrives.</summary>
    protected ValueTask InvokeAsync<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
        => _connection.CallAsync(_objectId, methodId, in args, cancellationToken);

    /// <summary>Sends REQUEST and blocks the calling thread until the RETVAL arrives (synchronous members and indexers).</summary>
    protected TResult Invoke<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ValueTask<TResult> pending = _connection.CallAsync(_objectId, methodId, in args, result, cancellationToken);
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends REQUEST for a method without a result and blocks until the RETVAL arrives.</summary>
    protected void Invoke<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ValueTask pending = _connection.CallAsync(_objectId, methodId, in args, cancellationToken);
        if (pending.IsCompleted)
            pending.GetAwaiter().GetResult();
        else
            pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends ONEWAY and returns as soon as the frame is queued for sending.</summary>
    protected void SendOneway<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
        => _connection.SendOneway(_objectId, methodId, in args);

    /// <summary>Sends ONEWAY from a method declared to return a task; the task completes once the frame is queued.</summary>
    protected ValueTask SendOnewayAsync<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        try
        {
            _connection.SendOneway(_objectId, methodId, in args);
            return default;
        }
        catch (Exception error)
        {
            return ValueTask.FromException(error);
        }
    }

    /// <summary>Sends ONEWAY_SYNC and completes when the receiver acknowledges receipt with NULL_MSG.</summary>
    protected ValueTask SendOnewaySyncAsync<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
        => _connection.CallOnewaySyncAsync(_objectId, methodId, in args, cancellationToken);

    /// <summary>
    /// Returns a stream that sends REQUEST_BLOCK each time it is enumerated and yields the values of the YIELD frames.
    /// </summary>
    protected IAsyncEnumerable<T> InvokeStream<TArgs, T>(ushort methodId, TArgs args, IRompFormatter<T> item, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
        => new RemoteStream<TArgs, T>(_connection, _objectId, methodId, args, item, cancellationToken);

    /// <inheritdoc />
    public override string ToString() => $"Romp proxy #{_objectId} on {_connection}";
}
