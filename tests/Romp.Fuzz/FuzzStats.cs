using System.Collections.Concurrent;

namespace Romp.Fuzz;

/// <summary>The run's counters. Fields, so the workers can bump them with Interlocked; each is written by the part named.</summary>
internal sealed class FuzzStats
{
    // Pure level (PureFuzzer).
    public long PureIterations;
    public long PureFrames;
    public long PurePayloads;
    public TimeSpan PureElapsed;

    // Live level (LiveConversation, StallConversation).
    public long Conversations;
    public long FramesSent;
    public long BytesSent;
    public long FramesReceived;
    public long Goodbyes;
    public long Stalls;
    public long StallsClosed;
    public TimeSpan LiveElapsed;

    // The target (LiveFuzzer reads its monitor once the run is over).
    public long UserCalls;
    public long MutatedCalls;

    // The canary (Canary).
    public long CanaryCalls;
    public TimeSpan CanaryLongestGap;

    // Memory and connections (LiveFuzzer, after the run).
    public long MemoryBefore;
    public long MemoryAfter;
    public int ConnectionsAfter;

    /// <summary>Why the server's connections closed, by error (ServerWatch).</summary>
    public ConcurrentDictionary<string, long> CloseReasons { get; } = new();
}
