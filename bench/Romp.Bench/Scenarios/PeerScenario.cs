using Romp.Bench.Peers;

namespace Romp.Bench.Scenarios;

/// <summary>
/// A Romp workload run against another framework (--peers), through its <see cref="IPeerClient"/> on a connection of
/// its own, after the longer warm-up peers get: their JIT and connection warm-up is not what is being compared.
/// </summary>
internal abstract class PeerScenario(string name, string unit, IPeerClient peer) : Scenario(name, unit)
{
    protected IPeerClient Peer => peer;

    public override string? Transport => peer.Transport;

    public override double? WarmupSeconds => BenchOptions.PeerWarmupSeconds;

    public override ValueTask ConnectAsync(CancellationToken cancellationToken) => peer.ConnectAsync(cancellationToken);

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await peer.DisposeAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            Console.Error.WriteLine($"{Name}: closing the connection took more than 10 s; abandoning it.");
        }
    }
}
