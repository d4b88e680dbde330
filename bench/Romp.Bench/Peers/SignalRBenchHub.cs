using Microsoft.AspNetCore.SignalR;

namespace Romp.Bench.Peers;

/// <summary>The SignalR peer's hub. SignalR creates one per invocation; the tick count lives in the singleton <see cref="TickCounter"/>.</summary>
internal sealed class SignalRBenchHub(TickCounter ticks) : Hub
{
    public const string EchoMethod = nameof(Echo);
    public const string EchoBytesMethod = nameof(EchoBytes);
    public const string TickMethod = nameof(Tick);
    public const string TicksMethod = nameof(Ticks);
    public const string WaitForTicksMethod = nameof(WaitForTicks);

    public int Echo(int value) => value;

    public byte[] EchoBytes(byte[] data) => data;

    public void Tick(int value) => ticks.Increment();

    public long Ticks() => ticks.Count;

    public Task<long> WaitForTicks(long target) => ticks.WaitForAsync(target, PeerTimeouts.TickWait);
}
