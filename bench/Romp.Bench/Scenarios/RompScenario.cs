namespace Romp.Bench.Scenarios;

/// <summary>A scenario that calls <see cref="IBench"/> through Romp, on a connection of its own.</summary>
internal abstract class RompScenario(string name, string unit, string endpoint, RompClientOptions? options = null) : Scenario(name, unit)
{
    /// <summary>How long a SYNC may take before the run is declared hung.</summary>
    protected static readonly TimeSpan SyncTimeout = TimeSpan.FromSeconds(60);

    private RompClient? _client;
    private IBench? _bench;

    protected RompClient Client => _client ?? throw new InvalidOperationException("Not connected.");

    protected IBench Bench => _bench ?? throw new InvalidOperationException("Not connected.");

    public override async ValueTask ConnectAsync(CancellationToken cancellationToken)
    {
        _client = await RompClient.ConnectAsync(endpoint, options, cancellationToken).ConfigureAwait(false);
        _bench = await _client.ResolveAsync<IBench>(BenchServer.ObjectName, cancellationToken).ConfigureAwait(false);
    }

    // PendingCallCount is internal: a diagnostic for a hung run, nothing the measurement depends on.
    public override string Describe() => _client is null
        ? "not connected"
        : $"connected: {_client.IsConnected}, calls pending on the client: {_client.Connection.PendingCallCount}, close reason: {_client.CloseReason?.Message ?? "none"}";

    public override async ValueTask DisposeAsync()
    {
        if (_client is null)
            return;
        try
        {
            await _client.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"{Name}: closing the Romp client took more than 10 s; abandoning it.");
        }
    }

    /// <summary>SYNC, then checks that the server ran exactly <paramref name="sent"/> ticks since <paramref name="before"/>.</summary>
    protected async ValueTask VerifyTicksAsync(long before, long sent)
    {
        await Client.SyncAsync().WaitAsync(SyncTimeout).ConfigureAwait(false);
        long after = await Bench.TicksAsync().ConfigureAwait(false);
        if (after - before != sent)
            throw new BenchFailedException($"{Name}: sent {sent:N0} ticks but the server processed {after - before:N0}.");
    }
}
