namespace Romp.Bench.Peers;

/// <summary>Bounds shared by the peer servers.</summary>
internal static class PeerTimeouts
{
    /// <summary>How long a WaitForTicks request waits on the server before it answers with the count it has.</summary>
    public static readonly TimeSpan TickWait = TimeSpan.FromSeconds(30);

    /// <summary>How long a peer server may take to stop when the child exits.</summary>
    public static readonly TimeSpan Stop = TimeSpan.FromSeconds(5);
}
