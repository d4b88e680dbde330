namespace Romp.Hosting;

/// <summary>
/// One named hosted client: the <see cref="RompClient"/>, its one connect (made when the host starts, or earlier when
/// a service that takes one of its proxies is made first), and the proxies resolved through it, one per name and interface.
/// </summary>
internal sealed class RompClientConnector : IAsyncDisposable
{
    private readonly TimeSpan _connectTimeout;

    // Guarded by _gate: the connect, and the resolves by (name, interface), each started once.
    private readonly object _gate = new();
    private readonly Dictionary<(string Name, Type Interface), Task<object>> _proxies = new();
    private Task? _connect;

    public RompClientConnector(string name, RompClient client, TimeSpan connectTimeout)
    {
        Name = name;
        Client = client;
        _connectTimeout = connectTimeout;
    }

    /// <summary>The client's name in the host (its key among the keyed services).</summary>
    public string Name { get; }

    public RompClient Client { get; }

    /// <summary>Connects, once; every caller shares the same attempt and its failure.</summary>
    public Task ConnectAsync()
    {
        lock (_gate)
            return _connect ??= ConnectOnceAsync();
    }

    /// <summary>The proxy of <paramref name="objectName"/>: connects first if need be, and resolves the name once (a failed resolve is tried again by the next caller).</summary>
    public async Task<T> GetProxyAsync<T>(string objectName)
        where T : class
    {
        Task<object> resolve;
        lock (_gate)
        {
            if (!_proxies.TryGetValue((objectName, typeof(T)), out resolve!))
                _proxies[(objectName, typeof(T))] = resolve = ResolveAsync<T>(objectName);
        }

        try
        {
            return (T)await resolve.ConfigureAwait(false);
        }
        catch
        {
            lock (_gate)
            {
                if (_proxies.TryGetValue((objectName, typeof(T)), out Task<object>? current) && current == resolve)
                    _proxies.Remove((objectName, typeof(T)));
            }

            throw;
        }
    }

    /// <summary>
    /// <see cref="GetProxyAsync{T}"/> for a service factory, which cannot await: blocks until the client has connected
    /// and resolved the name, within <see cref="RompClientOptions.ConnectTimeout"/> for each.
    /// </summary>
    public T GetProxy<T>(string objectName)
        where T : class =>
        GetProxyAsync<T>(objectName).GetAwaiter().GetResult();

    public ValueTask DisposeAsync() => Client.DisposeAsync();

    private async Task ConnectOnceAsync()
    {
        await Task.Yield(); // started under _gate: connect outside it
        try
        {
            await Client.StartAsync().ConfigureAwait(false);
        }
        catch (Exception error)
        {
            // The host's start fails with this; the first connect of a RompClient is never retried, whatever its policy.
            throw new InvalidOperationException($"The Romp client '{Name}' could not connect to {Client.Endpoint}: {error.Message}", error);
        }
    }

    private async Task<object> ResolveAsync<T>(string objectName)
        where T : class
    {
        await Task.Yield(); // started under _gate: resolve outside it
        await ConnectAsync().ConfigureAwait(false);
        try
        {
            using (RompDeadline.Within(_connectTimeout))
                return await Client.ResolveAsync<T>(objectName).ConfigureAwait(false);
        }
        catch (Exception error)
        {
            throw new InvalidOperationException($"The Romp client '{Name}' could not resolve '{objectName}' as {typeof(T).Name} on {Client.Endpoint}: {error.Message}", error);
        }
    }
}
