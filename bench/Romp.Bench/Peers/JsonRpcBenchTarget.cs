namespace Romp.Bench.Peers;

/// <summary>The StreamJsonRpc peer's server object: its public methods are what the client invokes by name.</summary>
internal sealed class JsonRpcBenchTarget(TickCounter ticks)
{
    public const string EchoMethod = nameof(Echo);
    public const string EchoBytesMethod = nameof(EchoBytes);
    public const string TickMethod = nameof(Tick);
    public const string TicksMethod = nameof(Ticks);
    public const string WaitForTicksMethod = nameof(WaitForTicksAsync);

    public int Echo(int value) => value;

    public byte[] EchoBytes(byte[] data) => data;

    // Called as a notification; StreamJsonRpc may run several at once on the thread pool, hence the interlocked counter.
    public void Tick(int value) => ticks.Increment();

    public long Ticks() => ticks.Count;

    public Task<long> WaitForTicksAsync(long target) => ticks.WaitForAsync(target, PeerTimeouts.TickWait);
}
