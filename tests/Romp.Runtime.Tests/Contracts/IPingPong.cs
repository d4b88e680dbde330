namespace Romp.Tests.Contracts;

/// <summary>Re-entrancy: each side calls the other back, deeper and deeper, inside the call it is serving.</summary>
[RompObject]
public interface IPingPong
{
    /// <summary>Returns the depth reached: 0 at the bottom, otherwise one more than <paramref name="peer"/>'s answer.</summary>
    ValueTask<int> PingAsync(int depth, IPingPong peer);

    /// <summary>The synchronous shape: each level blocks its thread on the next.</summary>
    int Ping(int depth, IPingPong peer);
}

public sealed class PingPong(string side) : IPingPong
{
    public string Side { get; } = side;

    public int Calls;

    public async ValueTask<int> PingAsync(int depth, IPingPong peer)
    {
        Interlocked.Increment(ref Calls);
        return depth == 0 ? 0 : 1 + await peer.PingAsync(depth - 1, this);
    }

    public int Ping(int depth, IPingPong peer)
    {
        Interlocked.Increment(ref Calls);
        return depth == 0 ? 0 : 1 + peer.Ping(depth - 1, this);
    }
}
