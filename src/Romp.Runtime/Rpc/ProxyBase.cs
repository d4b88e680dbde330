using System.ComponentModel;
using System.Runtime.CompilerServices;
using Romp.Protocol;
using Romp.Rpc;
using Romp.Telemetry;

namespace Romp.CompilerServices;

/// <summary>
/// Base of the generated client proxies. Each generated method packs its arguments into an <see cref="IRompArgs"/>
/// struct and calls one of these helpers with its method id.
/// </summary>
/// <remarks>
/// A proxy holds a reference to the remote object, which its owner keeps alive for as long as some proxy does.
/// <see cref="Dispose"/> gives the reference back at once; a proxy that is collected gives it back from its finalizer.
/// Either way the release is batched with others into one RELEASE frame: releasing costs no round trip.
/// A proxy that can recover (resolved by name through a reconnecting <see cref="RompClient"/>, or given a handler with
/// <see cref="RompProxy.OnRecover{T}"/>) is bound to a new handle after a lost connection; every helper reads the handle
/// once, so one call never mixes two connections.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public abstract class ProxyBase : IDisposable, IAsyncDisposable
{
    private volatile ImportHandle _handle;
    private ProxyBase? _boundThrough; // the proxy whose handle this one shares since it recovered: kept alive with it

    /// <summary>Binds the proxy to its remote object.</summary>
    protected ProxyBase(ProxyTarget target)
    {
        _handle = target.Handle ?? throw new ArgumentException("The proxy target is empty.", nameof(target));
    }

    /// <summary>Releases the reference if the proxy was never disposed.</summary>
    ~ProxyBase()
    {
        // Null when the constructor threw before binding. A proxy bound through another leaves the release to that one,
        // which it kept alive: the other may still be in use.
        if (_boundThrough is null)
            _handle?.Release();
    }

    internal RompConnection Connection => _handle.Connection;

    internal uint ObjectId => _handle.ObjectId;

    internal ImportHandle Handle => _handle;

    /// <summary>How this proxy comes back after its connection is lost; null for one that cannot (set once, by its client).</summary>
    internal ProxyRecovery? Recovery { get; set; }

    /// <summary>True for the proxy behind a remote block (a delegate), which <see cref="RompProxy"/> looks through.</summary>
    internal virtual bool IsBlock => false;

    /// <summary>
    /// Gives the reference back to the object's owner. Later calls through this proxy fail with
    /// <see cref="RompError.DroppedObject"/>; receiving the object again gives a new proxy.
    /// </summary>
    public void Dispose()
    {
        _handle.Release();
        Recovery?.Terminate(Dropped(_handle));
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
        where TArgs : struct, IRompArgs =>
        ClientCall.IsEnabled ? InvokeObservedAsync(methodId, args, result, cancellationToken) : InvokeCore(methodId, in args, result, cancellationToken);

    private ValueTask<TResult> InvokeCore<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ImportHandle handle = _handle;
        if (handle.Released)
            return ValueTask.FromException<TResult>(Dropped(handle));
        if (handle.Lacking(methodId) is { } lacking)
            return ValueTask.FromException<TResult>(lacking);
        if (Recovery is not null && MustRecoverOrMayRetry(handle, methodId))
            return InvokeRecoveringAsync(methodId, args, result, cancellationToken);
        ValueTask<TResult> pending = handle.Connection.CallAsync(handle.ObjectId, methodId, in args, result, cancellationToken, handle.Contract);
        GC.KeepAlive(this); // until the frame is written: a finalizer's RELEASE must not overtake the call
        return pending;
    }

    /// <summary>Sends REQUEST for a method without a result and completes when the RETVAL arrives.</summary>
    protected ValueTask InvokeAsync<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs =>
        ClientCall.IsEnabled ? InvokeObservedAsync(methodId, args, cancellationToken) : InvokeCore(methodId, in args, cancellationToken);

    private ValueTask InvokeCore<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ImportHandle handle = _handle;
        if (handle.Released)
            return ValueTask.FromException(Dropped(handle));
        if (handle.Lacking(methodId) is { } lacking)
            return ValueTask.FromException(lacking);
        if (Recovery is not null && MustRecoverOrMayRetry(handle, methodId))
            return new ValueTask(InvokeRecoveringAsync(methodId, args, RompVoid.Formatter, cancellationToken).AsTask());
        ValueTask pending = handle.Connection.CallAsync(handle.ObjectId, methodId, in args, cancellationToken, handle.Contract);
        GC.KeepAlive(this);
        return pending;
    }

    /// <summary>Sends REQUEST and blocks the calling thread until the RETVAL arrives (synchronous members and indexers).</summary>
    protected TResult Invoke<TArgs, TResult>(ushort methodId, in TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ThrowIfBlockingTheReader();
        ValueTask<TResult> pending = InvokeAsync(methodId, in args, result, cancellationToken);
        return pending.IsCompleted ? pending.Result : pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends REQUEST for a method without a result and blocks until the RETVAL arrives.</summary>
    protected void Invoke<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ThrowIfBlockingTheReader();
        ValueTask pending = InvokeAsync(methodId, in args, cancellationToken);
        if (pending.IsCompleted)
            pending.GetAwaiter().GetResult();
        else
            pending.AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Sends ONEWAY and returns as soon as the frame is queued for sending.</summary>
    protected void SendOneway<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        if (!ClientCall.IsEnabled)
        {
            SendOnewayCore(methodId, in args);
            return;
        }

        // Its span ends once the frame is queued: a one-way call has nothing more for its caller to wait for.
        ClientCall call = ClientCall.Start(_handle, methodId);
        try
        {
            SendOnewayCore(methodId, in args);
        }
        catch (Exception error)
        {
            call.End(error);
            throw;
        }

        call.End(null);
    }

    private void SendOnewayCore<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        ImportHandle handle = _handle;
        if (handle.Released)
            throw Dropped(handle);
        if (handle.Lacking(methodId) is { } lacking)
            throw lacking;
        if (Recovery is { } recovery && !handle.Connection.TakesNewCalls)
        {
            // Waits as a send to a full socket would: this method has no task to wait in.
            recovery.WaitAsync(this, handle, default, methodId, CancellationToken.None).GetAwaiter().GetResult();
            SendOnewayCore(methodId, in args);
            return;
        }

        handle.Connection.SendOneway(handle.ObjectId, methodId, in args);
        GC.KeepAlive(this);
    }

    /// <summary>Sends ONEWAY from a method declared to return a task; the task completes once the frame is queued (after waiting for room, when the output is backlogged).</summary>
    protected ValueTask SendOnewayAsync<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs =>
        ClientCall.IsEnabled ? SendOnewayObservedAsync(methodId, args) : SendOnewayCoreAsync(methodId, in args);

    private ValueTask SendOnewayCoreAsync<TArgs>(ushort methodId, in TArgs args)
        where TArgs : struct, IRompArgs
    {
        try
        {
            ImportHandle handle = _handle;
            if (handle.Released)
                throw Dropped(handle);
            if (handle.Lacking(methodId) is { } lacking)
                throw lacking;
            if (Recovery is { } recovery && !handle.Connection.TakesNewCalls)
                return SendOnewayAfterRecoveryAsync(recovery, handle, methodId, args);
            ValueTask sent = handle.Connection.SendOnewayAsync(handle.ObjectId, methodId, in args);
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
        where TArgs : struct, IRompArgs =>
        ClientCall.IsEnabled ? SendOnewaySyncObservedAsync(methodId, args, cancellationToken) : SendOnewaySyncCore(methodId, in args, cancellationToken);

    private ValueTask SendOnewaySyncCore<TArgs>(ushort methodId, in TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ImportHandle handle = _handle;
        if (handle.Released)
            return ValueTask.FromException(Dropped(handle));
        if (handle.Lacking(methodId) is { } lacking)
            return ValueTask.FromException(lacking);
        if (Recovery is { } recovery && !handle.Connection.TakesNewCalls)
            return SendOnewaySyncAfterRecoveryAsync(recovery, handle, methodId, args, cancellationToken);
        ValueTask pending = handle.Connection.CallOnewaySyncAsync(handle.ObjectId, methodId, in args, cancellationToken);
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

    // The observed paths, taken while someone listens to Romp's telemetry (Telemetry/ClientCall.cs): the call's span is
    // current while its frame is written, so that the frame carries its trace context, and ends with what the caller gets.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> InvokeObservedAsync<TArgs, TResult>(ushort methodId, TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ClientCall call = ClientCall.Start(_handle, methodId);
        TResult value;
        try
        {
            value = await InvokeCore(methodId, in args, result, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            call.End(error);
            throw;
        }

        call.End(null);
        return value;
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask InvokeObservedAsync<TArgs>(ushort methodId, TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ClientCall call = ClientCall.Start(_handle, methodId);
        try
        {
            await InvokeCore(methodId, in args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            call.End(error);
            throw;
        }

        call.End(null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendOnewayObservedAsync<TArgs>(ushort methodId, TArgs args)
        where TArgs : struct, IRompArgs
    {
        ClientCall call = ClientCall.Start(_handle, methodId);
        try
        {
            await SendOnewayCoreAsync(methodId, in args).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            call.End(error);
            throw;
        }

        call.End(null);
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask SendOnewaySyncObservedAsync<TArgs>(ushort methodId, TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        ClientCall call = ClientCall.Start(_handle, methodId);
        try
        {
            await SendOnewaySyncCore(methodId, in args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            call.End(error);
            throw;
        }

        call.End(null);
    }

    /// <summary>
    /// Binds this proxy to the object <paramref name="recovered"/> stands for, on a new connection: calls through either
    /// go to it from now on, and a reference to it received later is this proxy again.
    /// </summary>
    internal void BindTo(ProxyBase recovered)
    {
        if (ReferenceEquals(recovered, this))
            return; // already the proxy for the object on the new connection
        ImportHandle handle = recovered._handle;
        _boundThrough = recovered;
        _handle = handle;
        if (recovered.Recovery is null)
            handle.Connection.Imports.Adopt(handle, this);
    }

    // The slow path of a recoverable proxy: wait for it to be bound again when its connection is gone, and send an
    // idempotent call again, once, when the connection is lost while it is in flight.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<TResult> InvokeRecoveringAsync<TArgs, TResult>(ushort methodId, TArgs args, IRompFormatter<TResult> result, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        // One deadline for the waits and every attempt: waiting for a reconnect spends the call's time, never restarts it.
        Deadline deadline = _handle.Connection.DeadlineForNewCall();
        using RompDeadlineScope scope = RompDeadline.Scope(deadline);
        bool retried = false;
        while (true)
        {
            ImportHandle handle = await BoundHandleAsync(deadline, methodId, cancellationToken).ConfigureAwait(false);
            try
            {
                return await handle.Connection.CallAsync(handle.ObjectId, methodId, in args, result, cancellationToken, handle.Contract).ConfigureAwait(false);
            }
            catch (RompException error) when (!retried && WasLostWith(error, handle) && handle.Contract.IsIdempotent(methodId))
            {
                retried = true;
            }
        }
    }

    private async ValueTask SendOnewayAfterRecoveryAsync<TArgs>(ProxyRecovery recovery, ImportHandle lost, ushort methodId, TArgs args)
        where TArgs : struct, IRompArgs
    {
        await recovery.WaitAsync(this, lost, default, methodId, CancellationToken.None).ConfigureAwait(false);
        await SendOnewayCoreAsync(methodId, in args).ConfigureAwait(false);
    }

    private async ValueTask SendOnewaySyncAfterRecoveryAsync<TArgs>(ProxyRecovery recovery, ImportHandle lost, ushort methodId, TArgs args, CancellationToken cancellationToken)
        where TArgs : struct, IRompArgs
    {
        Deadline deadline = lost.Connection.DeadlineForNewCall();
        await recovery.WaitAsync(this, lost, deadline, methodId, cancellationToken).ConfigureAwait(false);
        using RompDeadlineScope scope = RompDeadline.Scope(deadline);
        await SendOnewaySyncCore(methodId, in args, cancellationToken).ConfigureAwait(false);
    }

    // The handle to call through now: the current one, once the proxy is bound again if its connection is gone.
    private async ValueTask<ImportHandle> BoundHandleAsync(Deadline deadline, ushort methodId, CancellationToken cancellationToken)
    {
        ImportHandle handle = _handle;
        while (!handle.Released && !handle.Connection.TakesNewCalls && Recovery is { } recovery)
        {
            await recovery.WaitAsync(this, handle, deadline, methodId, cancellationToken).ConfigureAwait(false);
            handle = _handle;
        }

        if (handle.Released)
            throw Dropped(handle);
        // The object it is bound to now was resolved again, perhaps on a server of another version.
        if (handle.Lacking(methodId) is { } lacking)
            throw lacking;
        return handle;
    }

    // A recoverable proxy leaves the fast path when it must wait to be bound again, or when its call may be sent again.
    private static bool MustRecoverOrMayRetry(ImportHandle handle, ushort methodId) =>
        !handle.Connection.TakesNewCalls || handle.Contract.IsIdempotent(methodId);

    // The call failed because its connection ended (or, going away, refused it unrun), not because of anything the object did.
    private static bool WasLostWith(RompException error, ImportHandle handle) =>
        !handle.Connection.TakesNewCalls
        && error.Error is RompError.ConnectionBroken or RompError.ClosedConnection or RompError.ListenerKilled or RompError.SendFailed or RompError.ReceiveFailed;

    // With InlineDispatch, a synchronous call from the connection's own read thread would wait for an answer that
    // thread is the only one to read: fail at once instead of hanging.
    private void ThrowIfBlockingTheReader()
    {
        if (Connection.Channel.IsRunningInlineOnThisThread)
            throw new InvalidOperationException($"A synchronous call on {Connection} was made from its own read thread (InlineDispatch is on), which would wait forever for the answer; call the asynchronous method instead, or turn InlineDispatch off.");
    }

    internal void ThrowIfReleased()
    {
        ImportHandle handle = _handle;
        if (handle.Released)
            throw Dropped(handle);
    }

    private static RompException Dropped(ImportHandle handle) => new(RompError.DroppedObject, $"This proxy ({handle.Contract.InterfaceName} #{handle.ObjectId}) was released; the object can no longer be called through it.");

    /// <inheritdoc />
    public override string ToString() => $"Romp proxy #{ObjectId} on {Connection}";
}
