using System.ComponentModel;
using Romp.Protocol;
using Romp.Rpc;

namespace Romp.CompilerServices;

/// <summary>
/// Base of the generated client proxies. Each generated method packs its arguments into an <see cref="IRompArgs"/>
/// struct and calls one of these helpers with its method id.
/// </summary>
/// <remarks>
/// A proxy holds a reference to the remote object, which its owner keeps alive for as long as some proxy does.
/// <see cref="Dispose"/> gives the reference back at once; a proxy that is collected gives it back from its finalizer.
/// Either way the release is batched with others into one RELEASE frame: releasing costs no round trip.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ProxyBase : IDisposable, IAsyncDisposable
{
    private readonly ImportHandle _handle;

    /// <summary>Binds the proxy to its remote object.</summary>
    protected ProxyBase(ProxyTarget target)
    {
        _handle = target.Handle ?? throw new ArgumentException("The proxy target is empty.", nameof(target));
    }

    /// <summary>Releases the reference if the proxy was never disposed.</summary>
    ~ProxyBase()
    {
        // Null when the constructor threw before binding.
        _handle?.Release();
    }

    internal RompConnection Connection => _handle.Connection;

    internal uint ObjectId => _handle.ObjectId;

    internal ImportHandle Handle => _handle;

    /// <summary>True for the proxy behind a remote block (a delegate), which <see cref="RompProxy"/> looks through.</summary>
    internal virtual bool IsBlock => false;

    /// <summary>
    /// Gives the reference back to the object's owner. Later calls through this proxy fail with
    /// <see cref="RompError.DroppedObject"/>; receiving the object again gives a new proxy.
    /// </summary>
    public void Dispose()
    {
        _handle.Release();
        GC.SuppressFinalize(this);
    }

    /// <summary>The same as <see cref="Dispose"/>: the release is queued, not awaited.</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return default;
    }

    /// <summary>Sends REQUEST and completes with the RETVAL, read with <paramref name="result"/>.</summary>
    protected ValueTask<TResult> InvokeAsync<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (_handle.Released)
            return ValueTask.FromException<TResult>(Dropped());
        ValueTask<TResult> pending = Connection.CallAsync(ObjectId, methodId, in args, result, cancellationToken);
        GC.KeepAlive(this); // until the frame is written: a finalizer's RELEASE must not overtake the call
        return pending;
    }

    /// <summary>Sends REQUEST for a method without a result and completes when the RETVAL arrives.</summary>
    protected ValueTask InvokeAsync<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (_handle.Released)
            return ValueTask.FromException(Dropped());
        ValueTask pending = Connection.CallAsync(ObjectId, methodId, in args, cancellationToken);
        GC.KeepAlive(this);
        return pending;
    }

    /// <summary>Sends REQUEST and blocks the calling thread until the RETVAL arrives (synchronous members and indexers).</summary>
    protected TResult Invoke<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ThrowIfReleased();
        ThrowIfBlockingTheReader();
        ValueTask<TResult> pending = Connection.CallAsync(ObjectId, methodId, in args, result, cancellationToken);
        GC.KeepAlive(this);
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends REQUEST for a method without a result and blocks until the RETVAL arrives.</summary>
    protected void Invoke<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ThrowIfReleased();
        ThrowIfBlockingTheReader();
        ValueTask pending = Connection.CallAsync(ObjectId, methodId, in args, cancellationToken);
        GC.KeepAlive(this);
        if (pending.IsCompleted)
            pending.GetAwaiter().GetResult();
        else
            pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends ONEWAY and returns as soon as the frame is queued for sending.</summary>
    protected void SendOneway<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        ThrowIfReleased();
        Connection.SendOneway(ObjectId, methodId, in args);
        GC.KeepAlive(this);
    }

    /// <summary>Sends ONEWAY from a method declared to return a task; the task completes once the frame is queued (after waiting for room, when the output is backlogged).</summary>
    protected ValueTask SendOnewayAsync<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        try
        {
            ThrowIfReleased();
            ValueTask sent = Connection.SendOnewayAsync(ObjectId, methodId, in args);
            GC.KeepAlive(this);
            return sent;
        }
        catch (Exception error)
        {
            return ValueTask.FromException(error);
        }
    }

    /// <summary>Sends ONEWAY_SYNC and completes when the receiver acknowledges receipt with NULL_MSG.</summary>
    protected ValueTask SendOnewaySyncAsync<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        if (_handle.Released)
            return ValueTask.FromException(Dropped());
        ValueTask pending = Connection.CallOnewaySyncAsync(ObjectId, methodId, in args, cancellationToken);
        GC.KeepAlive(this);
        return pending;
    }

    /// <summary>
    /// Returns a stream that sends REQUEST_BLOCK each time it is enumerated and yields the values of the YIELD frames.
    /// </summary>
    protected IAsyncEnumerable<T> InvokeStream<TArgs, T>(ushort methodId, TArgs args, IRompFormatter<T> item, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ThrowIfReleased();
        return new RemoteStream<TArgs, T>(this, methodId, args, item, cancellationToken);
    }

    // With InlineDispatch, a synchronous call from the connection's own read thread would wait for an answer that
    // thread is the only one to read: fail at once instead of hanging.
    private void ThrowIfBlockingTheReader()
    {
        if (Connection.Channel.IsRunningInlineOnThisThread)
            throw new InvalidOperationException($"A synchronous call on {Connection} was made from its own read thread (InlineDispatch is on), which would wait forever for the answer; call the asynchronous method instead, or turn InlineDispatch off.");
    }

    internal void ThrowIfReleased()
    {
        if (_handle.Released)
            throw Dropped();
    }

    private RompException Dropped() => new(RompError.DroppedObject, $"This proxy ({_handle.Contract.InterfaceName} #{ObjectId}) was released; the object can no longer be called through it.");

    /// <inheritdoc />
    public override string ToString() => $"Romp proxy #{ObjectId} on {Connection}";
}
