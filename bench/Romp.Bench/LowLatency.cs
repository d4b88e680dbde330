namespace Romp.Bench;

/// <summary>
/// The settings of Romp's opt-in low-latency mode, the same on both sides of roundtrip-lowlatency: calls and answers run
/// on the read thread (InlineDispatch), and socket reads poll before they park (ReceiveSpin). The spin covers one
/// round trip on loopback, so the next request or answer is usually read without waking a thread.
/// </summary>
internal static class LowLatency
{
    public static readonly TimeSpan ReceiveSpin = TimeSpan.FromMicroseconds(50);

    public static RompServerOptions ServerOptions() => new() { InlineDispatch = true, ReceiveSpin = ReceiveSpin };

    public static RompClientOptions ClientOptions() => new() { InlineDispatch = true, ReceiveSpin = ReceiveSpin };
}
