using System.Collections.Concurrent;
using System.Diagnostics;

namespace Romp.Fuzz.Target;

/// <summary>
/// The oracle's answer to "was this a valid call": the fingerprints of every call frame the fuzzer sent that decodes
/// exactly by docs/protocol.md. A conversation adds its calls before its first byte goes out and retires them when it
/// ends; retired calls stay valid for <see cref="Grace"/>, because a call the server received before the connection
/// closed still runs after the close (cancelled), off a thread pool that a loaded machine may keep it waiting for.
/// Bounded: what lives here is what the last few seconds of conversations sent.
/// </summary>
internal sealed class ValidCalls
{
    /// <summary>How long a finished conversation's calls stay valid.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    // Owned here; _gate serializes writers so that a count never goes below zero. Readers (the target) only look up.
    private readonly ConcurrentDictionary<long, int> _live = new();
    private readonly Queue<(long RetiredAt, long[] Fingerprints)> _retired = new();
    private readonly object _gate = new();

    public int Count => _live.Count;

    public bool Contains(long fingerprint) => _live.ContainsKey(fingerprint);

    public void Add(long[] fingerprints)
    {
        lock (_gate)
        {
            foreach (long fingerprint in fingerprints)
                _live.AddOrUpdate(fingerprint, 1, static (_, n) => n + 1);
        }
    }

    public void Retire(long[] fingerprints)
    {
        lock (_gate)
        {
            _retired.Enqueue((Stopwatch.GetTimestamp(), fingerprints));
            while (_retired.TryPeek(out (long RetiredAt, long[] Fingerprints) oldest)
                   && Stopwatch.GetElapsedTime(oldest.RetiredAt) > Grace)
            {
                _retired.Dequeue();
                Remove(oldest.Fingerprints);
            }
        }
    }

    /// <summary>
    /// Forgets everything, before memory is measured: only once no fuzzed connection is left and every call they
    /// received has finished (RompServer.WhenClosedConnectionsFinishedAsync), or the late ones would count as invalid.
    /// </summary>
    public void Clear()
    {
        lock (_gate)
        {
            _retired.Clear();
            _live.Clear();
        }
    }

    private void Remove(long[] fingerprints)
    {
        foreach (long fingerprint in fingerprints)
        {
            if (_live.TryGetValue(fingerprint, out int n))
            {
                if (n <= 1)
                    _live.TryRemove(fingerprint, out _);
                else
                    _live[fingerprint] = n - 1;
            }
        }
    }
}
