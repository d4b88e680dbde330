namespace Romp.Tests.Contracts;

/// <summary>One-way calls that each take about a millisecond of work: a server slower than the client flooding it.</summary>
[RompObject]
public interface ISink
{
    /// <summary>Records call <paramref name="sequence"/>; the payload only makes the frame bigger.</summary>
    [Oneway]
    void Put(int sequence, byte[] payload);
}

public sealed class Sink(int calls) : ISink
{
    private readonly int[] _runs = new int[calls];
    private int _maxInProgress;

    /// <summary>How many times each call ran.</summary>
    public IReadOnlyList<int> Runs => _runs;

    /// <summary>The most calls the serving connection had in progress (queued or running) when one of them ran.</summary>
    public int MaxInProgress => Volatile.Read(ref _maxInProgress);

    public void Put(int sequence, byte[] payload)
    {
        Interlocked.Increment(ref _runs[sequence]);
        int inProgress = RompCallContext.Current!.Connection.ActiveIncoming;
        if (inProgress > _maxInProgress)
            Volatile.Write(ref _maxInProgress, inProgress); // one-way calls run one at a time: no race on the maximum
        Thread.Sleep(1); // the work of a slow server, not a wait for anything
    }
}
