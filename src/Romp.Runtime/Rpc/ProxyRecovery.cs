using Romp.CompilerServices;

namespace Romp.Rpc;

/// <summary>
/// How one proxy comes back after its connection is lost (Oberon's recoverable proxies): by name, or by the handler the
/// program installed; and where it is meanwhile. Calls through a stopped proxy wait here until it is bound again or
/// terminated.
/// </summary>
internal sealed class ProxyRecovery
{
    private readonly RecoverableProxies _owner;

    // All guarded by _gate.
    private readonly object _gate = new();
    private RompProxyState _state = RompProxyState.Alive;
    private ImportHandle? _stoppedAt;            // the handle whose connection was lost, while stopped
    private TaskCompletionSource? _settled;      // completes when the proxy is bound again or terminated
    private RompException? _terminatedBy;
    private Func<CancellationToken, ValueTask<object>>? _handler;

    public ProxyRecovery(RecoverableProxies owner, string? name)
    {
        _owner = owner;
        Name = name;
    }

    /// <summary>The name the proxy was resolved by, or null for an object that only a handler can bring back.</summary>
    public string? Name { get; }

    public RompProxyState State
    {
        get
        {
            lock (_gate)
                return _state;
        }
    }

    /// <summary>Why the proxy was terminated, once it was.</summary>
    public RompException? TerminatedBy
    {
        get
        {
            lock (_gate)
                return _terminatedBy;
        }
    }

    /// <summary>True when the proxy comes back by resolving its name again, not by a handler.</summary>
    public bool RecoversByName
    {
        get
        {
            lock (_gate)
                return _handler is null && Name is not null;
        }
    }

    /// <summary>Installs the handler that brings the proxy back, in place of resolving its name again. The last one installed wins.</summary>
    public void SetHandler(Func<CancellationToken, ValueTask<object>> handler)
    {
        lock (_gate)
            _handler = handler;
    }

    /// <summary>
    /// Waits until <paramref name="proxy"/> is bound to something other than <paramref name="lost"/>, whose connection is
    /// gone; throws the reason when the proxy is terminated instead, or at once when the policy fails calls while
    /// reconnecting.
    /// </summary>
    /// <remarks>
    /// <c>deadline</c> is the call's (none for a one-way): waiting for a reconnect spends its time, and fails with
    /// <see cref="RompError.Timeout"/>, naming <c>methodId</c>, when it runs out.
    /// </remarks>
    public async ValueTask WaitAsync(ProxyBase proxy, ImportHandle lost, Deadline deadline, ushort methodId, CancellationToken cancellationToken)
    {
        Task settled;
        lock (_gate)
        {
            if (!ReferenceEquals(proxy.Handle, lost))
                return;
            if (_state == RompProxyState.Terminated)
                throw Copy(_terminatedBy!);
            if (_owner.ClosedBy is { } closed)
            {
                // The client is closed for good, so nothing will bind this proxy again.
                _state = RompProxyState.Terminated;
                _terminatedBy = closed;
                throw Copy(closed);
            }

            if (_owner.FailsCallsWhileReconnecting)
                throw new RompException(RompError.ConnectionBroken, $"The connection was lost and the client is reconnecting; its policy fails calls meanwhile ({lost.Contract.InterfaceName}).", lost.Connection.CloseReason);
            settled = StopLocked(lost).Task;
        }

        if (deadline.IsNone)
        {
            await settled.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            try
            {
                await settled.WaitAsync(deadline.Remaining, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw deadline.TimeoutError(lost.ObjectId, methodId, isStream: false, lost.Contract);
            }
        }

        lock (_gate)
        {
            if (_state == RompProxyState.Terminated && ReferenceEquals(proxy.Handle, lost))
                throw Copy(_terminatedBy!);
        }
    }

    /// <summary>The connection behind <paramref name="lost"/> is gone: the proxy is stopped until it is bound again.</summary>
    public void Stop(ImportHandle lost)
    {
        lock (_gate)
        {
            if (_state != RompProxyState.Terminated)
                StopLocked(lost);
        }
    }

    /// <summary>
    /// Brings <paramref name="proxy"/> back on <paramref name="connection"/>, the client's new one: its handler, or its
    /// name resolved again (which checks the contract again). The proxy ends resumed, or terminated with the reason.
    /// </summary>
    public async Task RecoverAsync(ProxyBase proxy, RompConnection connection, CancellationToken cancellationToken)
    {
        Func<CancellationToken, ValueTask<object>>? handler;
        lock (_gate)
        {
            if (_state == RompProxyState.Terminated)
                return;
            handler = _handler;
        }

        RompObjectContract contract = proxy.Handle.Contract;
        try
        {
            object recovered = handler is not null
                ? await handler(cancellationToken).ConfigureAwait(false)
                : await connection.ResolveAsync(Name!, contract, cancellationToken).ConfigureAwait(false);
            ProxyBase bound = CheckRecovered(recovered, contract, connection);
            proxy.BindTo(bound);
            Settle(RompProxyState.CommunicationResumed, null);
        }
        catch (Exception) when (!connection.TakesNewCalls)
        {
            // The new connection was lost in turn: the proxy stays stopped, for the next reconnect to bring back.
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            string how = handler is not null ? "its recovery handler failed" : $"resolving '{Name}' again failed";
            Terminate(new RompException(
                error is RompException rompError ? rompError.Error : RompError.Remote,
                $"The proxy ({contract.InterfaceName}) could not recover after the reconnect: {how}: {error.Message}",
                error));
        }
    }

    /// <summary>The proxy can never be used again; calls waiting on it fail with <paramref name="reason"/>.</summary>
    public void Terminate(RompException reason) => Settle(RompProxyState.Terminated, reason);

    private TaskCompletionSource StopLocked(ImportHandle lost)
    {
        if (_settled is null || !ReferenceEquals(_stoppedAt, lost))
        {
            _stoppedAt = lost;
            _state = RompProxyState.CommunicationStopped;
            _settled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        return _settled;
    }

    private void Settle(RompProxyState state, RompException? reason)
    {
        TaskCompletionSource? settled;
        lock (_gate)
        {
            if (_state == RompProxyState.Terminated)
                return;
            _state = state;
            _terminatedBy = reason;
            settled = _settled;
            _settled = null;
            _stoppedAt = null;
        }

        settled?.TrySetResult();
    }

    // What a handler returned must be a proxy of the same contract on the client's new connection: anything else would
    // make this proxy a stand-in for an object the program did not ask for.
    private static ProxyBase CheckRecovered(object recovered, RompObjectContract contract, RompConnection connection)
    {
        if (recovered is not ProxyBase bound)
            throw new InvalidOperationException($"A {recovered?.GetType().Name ?? "null"} is not a Romp proxy; the recovery handler must return a proxy obtained from the same client.");
        // The same interface, not only the same contract: another version of it would have another method table.
        if (!ReferenceEquals(bound.Handle.Contract, contract))
            throw new RompException(RompError.TypeGuardFailure, $"The recovery handler returned a {bound.Handle.Contract.InterfaceName}, not a {contract.InterfaceName}.");
        if (!ReferenceEquals(bound.Connection, connection))
            throw new InvalidOperationException("The recovery handler returned a proxy of another connection; it must return one obtained from the same client.");
        return bound;
    }

    // Each waiter gets its own exception: one instance thrown on many threads would mix up their stack traces.
    private static RompException Copy(RompException reason) => new(reason.Error, reason.Message, reason.InnerException);
}
