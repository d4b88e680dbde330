using System.Collections.Concurrent;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The client's counts in one soak run, added to by every worker at once (interlocked), and its errors: those of calls
/// in flight at a deliberate cut, which are expected, and all others, which fail the run.
/// The first unexpected error stops the run, so that a broken build fails in seconds rather than at the end.
/// </summary>
internal sealed class SoakTally(CancellationTokenSource stop)
{
    private readonly ConcurrentDictionary<string, long> _unexpected = new(StringComparer.Ordinal); // by kind
    private long _rounds;
    private long _calls;
    private long _oneways;
    private long _items;
    private long _streams;
    private long _cancelledStreams;
    private long _references;
    private long _clients;
    private long _cuts;
    private long _reconnects;
    private long _brokenAtCuts;
    private string? _firstUnexpected; // set once, with the worker and the whole exception

    /// <summary>Rounds of mixed work completed (<see cref="SoakRound"/>), by any worker: what the soak's rate counts.</summary>
    public long Rounds => Interlocked.Read(ref _rounds);

    /// <summary>Roundtrip calls answered with what they sent (EchoAsync).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>One-way calls sent on connections that are never cut: each must run exactly once.</summary>
    public long Oneways => Interlocked.Read(ref _oneways);

    /// <summary>Stream items received, in order.</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Streams started, those read to their end and those left early.</summary>
    public long Streams => Interlocked.Read(ref _streams);

    /// <summary>Of <see cref="Streams"/>, those left early (a break, or a cancelled token).</summary>
    public long CancelledStreams => Interlocked.Read(ref _cancelledStreams);

    /// <summary>Objects created on the server by reference, called once and released.</summary>
    public long References => Interlocked.Read(ref _references);

    /// <summary>Short-lived clients that connected, worked and disposed.</summary>
    public long Clients => Interlocked.Read(ref _clients);

    /// <summary>Deliberate cuts of the reconnecting client's connection.</summary>
    public long Cuts => Interlocked.Read(ref _cuts);

    /// <summary>Times the reconnecting client came back (Reconnecting → Connected).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Calls in flight at a deliberate cut that failed with ConnectionBroken, as RompClient documents.</summary>
    public long BrokenAtCuts => Interlocked.Read(ref _brokenAtCuts);


    /// <summary>All the calls lost at deliberate cuts.</summary>
    public long LostAtCuts => BrokenAtCuts;

    /// <summary>Errors that fail the run.</summary>
    public long Unexpected
    {
        get
        {
            long count = 0;
            foreach (KeyValuePair<string, long> kind in _unexpected)
                count += kind.Value;
            return count;
        }
    }

    public void AddRound() => Interlocked.Increment(ref _rounds);

    public void AddCalls(long count) => Interlocked.Add(ref _calls, count);

    public void AddOneways(long count) => Interlocked.Add(ref _oneways, count);

    public void AddStream(long items, bool cancelled)
    {
        Interlocked.Add(ref _items, items);
        Interlocked.Increment(ref _streams);
        if (cancelled)
            Interlocked.Increment(ref _cancelledStreams);
    }

    public void AddReferences(long count) => Interlocked.Add(ref _references, count);

    public void AddClient() => Interlocked.Increment(ref _clients);

    public void AddCut() => Interlocked.Increment(ref _cuts);

    public void AddReconnect() => Interlocked.Increment(ref _reconnects);

    /// <summary>Counts a call lost at a deliberate cut (<see cref="SoakScenario.IsLossAtCut"/> has said it is one).</summary>
    public void AddLostAtCut() => Interlocked.Increment(ref _brokenAtCuts);

    /// <summary>Records an error that fails the run, and stops the run.</summary>
    public void AddUnexpected(string worker, Exception error)
    {
        _unexpected.AddOrUpdate(Kind(error), 1, static (_, count) => count + 1);
        Interlocked.CompareExchange(ref _firstUnexpected, $"{worker}: {error}", null);
        stop.Cancel();
    }

    /// <summary>"none", or the unexpected errors by kind and the first of them in full.</summary>
    public string DescribeUnexpected()
    {
        if (_unexpected.IsEmpty)
            return "none";
        var kinds = new List<string>();
        foreach (KeyValuePair<string, long> kind in _unexpected)
            kinds.Add($"{kind.Key} {kind.Value:N0}");
        kinds.Sort(StringComparer.Ordinal);
        return $"{string.Join(", ", kinds)}; the first: {_firstUnexpected}";
    }

    // A Romp error by its code, a wrong answer as such, anything else by its type.
    private static string Kind(Exception error) => error switch
    {
        RompException romp => romp.Error.ToString(),
        BenchFailedException => "wrong result",
        _ => error.GetType().Name,
    };
}
