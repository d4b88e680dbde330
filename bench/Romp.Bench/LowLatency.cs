namespace Romp.Bench;

/// <summary>
/// The settings of Romp's opt-in low-latency mode, the same on both sides of roundtrip-lowlatency: calls and answers run
/// on the read thread (InlineDispatch), and socket reads poll before they park (ReceiveSpin). The spin covers one
/// round trip on loopback, so the next request or answer is usually read without waking a thread. The server also
/// turns off the ambient call context (FlowCallContext), the one per-call allocation left, which its code never reads.
/// </summary>
internal static class LowLatency
{
    public static readonly TimeSpan ReceiveSpin = TimeSpan.FromMicroseconds(50);

    public static RompServerOptions ServerOptions() => new() { InlineDispatch = true, ReceiveSpin = ReceiveSpin, FlowCallContext = false };

    public static RompClientOptions ClientOptions() => new() { InlineDispatch = true, ReceiveSpin = ReceiveSpin };
}
