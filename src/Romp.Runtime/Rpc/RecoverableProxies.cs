namespace Romp.Rpc;

/// <summary>
/// A reconnecting client's proxies that can come back after a lost connection: those it resolved by name, and those
/// given a recovery handler. Held weakly, so a proxy nobody uses is still collected and released.
/// </summary>
internal sealed class RecoverableProxies(RompReconnectPolicy policy)
{
    private readonly List<WeakReference<ProxyBase>> _proxies = new(); // guarded by itself
    private int _pruneAt = 16;
    private volatile RompException? _closedBy;

    /// <summary>
    /// True under a policy that fails calls while reconnecting instead of holding them. Asked only for a proxy whose
    /// connection is gone, so it holds from the loss on, even before the client has noticed it.
    /// </summary>
    public bool FailsCallsWhileReconnecting => !policy.WaitForReconnect;

    /// <summary>Why the client closed for good, once it has: no proxy will be bound again.</summary>
    public RompException? ClosedBy => _closedBy;

    /// <summary>Makes <paramref name="proxy"/> recoverable, by <paramref name="name"/> when it has one; returns its recovery (the one it had, if any).</summary>
    public ProxyRecovery Add(ProxyBase proxy, string? name)
    {
        lock (_proxies)
        {
            if (proxy.Recovery is { } existing)
                return existing;
            if (_proxies.Count >= _pruneAt)
            {
                _proxies.RemoveAll(static weak => !weak.TryGetTarget(out _));
                _pruneAt = Math.Max(16, 2 * _proxies.Count);
            }

            var recovery = new ProxyRecovery(this, name);
            proxy.Recovery = recovery;
            _proxies.Add(new WeakReference<ProxyBase>(proxy));
            return recovery;
        }
    }

    /// <summary>The client lost its connection and reconnects: its proxies stop until they are bound again.</summary>
    public void StopAll()
    {
        foreach (ProxyBase proxy in Lost())
            proxy.Recovery!.Stop(proxy.Handle);
    }

    /// <summary>
    /// The client has reconnected: brings back on <paramref name="connection"/> every proxy whose connection is gone (the
    /// one just lost, or an earlier one if the proxy could not recover then), all at once. Completes when each has
    /// resumed, been terminated, or stayed stopped because this connection was lost too.
    /// </summary>
    public async Task RecoverAllAsync(RompConnection connection, CancellationToken cancellationToken)
    {
        List<ProxyBase> proxies = Lost();
        var recoveries = new Task[proxies.Count];
        for (int i = 0; i < proxies.Count; i++)
            recoveries[i] = proxies[i].Recovery!.RecoverAsync(proxies[i], connection, cancellationToken);
        await Task.WhenAll(recoveries).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits until the proxies that come back by <paramref name="name"/> are bound on <paramref name="connection"/>, so
    /// that resolving the name meanwhile gives the same proxy rather than a second one for the same object. Their
    /// failures are theirs to report: the resolve that waits goes on regardless.
    /// </summary>
    public async ValueTask WaitForNameAsync(string name, RompConnection connection, CancellationToken cancellationToken)
    {
        foreach (ProxyBase proxy in Alive())
        {
            ImportHandle handle = proxy.Handle;
            ProxyRecovery recovery = proxy.Recovery!;
            if (ReferenceEquals(handle.Connection, connection) || recovery.Name != name || !recovery.RecoversByName)
                continue;
            try
            {
                await recovery.WaitAsync(proxy, handle, default, 0, cancellationToken).ConfigureAwait(false);
            }
            catch (RompException)
            {
            }
        }
    }

    /// <summary>The client is closed for good: every proxy is terminated with <paramref name="reason"/>.</summary>
    public void CloseAll(RompException reason)
    {
        _closedBy = reason;
        foreach (ProxyBase proxy in Alive())
            proxy.Recovery!.Terminate(reason);
    }

    private List<ProxyBase> Lost()
    {
        List<ProxyBase> alive = Alive();
        alive.RemoveAll(static proxy => proxy.Connection.TakesNewCalls);
        return alive;
    }

    private List<ProxyBase> Alive()
    {
        lock (_proxies)
        {
            var alive = new List<ProxyBase>(_proxies.Count);
            foreach (WeakReference<ProxyBase> weak in _proxies)
            {
                if (weak.TryGetTarget(out ProxyBase? proxy))
                    alive.Add(proxy);
            }

            return alive;
        }
    }
}
