namespace Romp.Bench;

/// <summary>The object every Romp scenario calls; <see cref="BenchService"/> implements it in the server process.</summary>
[RompObject]
public interface IBench
{
    /// <summary>REQUEST → RETVAL: returns <paramref name="value"/>.</summary>
    ValueTask<int> EchoAsync(int value);

    /// <summary>ONEWAY: counts one tick.</summary>
    [Oneway]
    void Tick(int value);

    /// <summary>ONEWAY_SYNC: counts one tick; completes when the server has received it.</summary>
    [Oneway(Sync = true)]
    ValueTask TickSyncAsync(int value);

    /// <summary>REQUEST → RETVAL with a payload: returns <paramref name="data"/>.</summary>
    ValueTask<byte[]> EchoBytesAsync(byte[] data);

    /// <summary>REQUEST_BLOCK → YIELD…: the numbers 0 to <paramref name="count"/> - 1.</summary>
    IAsyncEnumerable<int> StreamAsync(int count, CancellationToken ct = default);

    /// <summary>A byte stream argument: reads <paramref name="content"/> to its end while the call runs and returns its length.</summary>
    ValueTask<long> CountAsync(Stream content);

    /// <summary>A byte stream result: <paramref name="length"/> bytes made as they are read (<see cref="GeneratedBytes"/>).</summary>
    Stream Produce(long length);

    /// <summary>How many <see cref="Tick"/> and <see cref="TickSyncAsync"/> calls the server has processed.</summary>
    ValueTask<long> TicksAsync();

    /// <summary>Calls <paramref name="sink"/> back <paramref name="count"/> times, one call at a time, and returns the sum of its answers.</summary>
    ValueTask<long> CallBackAsync(ISink sink, int count);

    /// <summary>A new counter, by reference: it lives on the server until the client releases its proxy.</summary>
    ValueTask<IBenchCounter> CreateAsync();

    /// <summary>How many objects the server exports over all its open connections (bound objects resolved, references held).</summary>
    ValueTask<int> ExportCountAsync();

    /// <summary>
    /// Answers, then <paramref name="delayMilliseconds"/> later aborts the connection this call came in on, as a network
    /// failure would (no GOODBYE): the soak's deliberate cut of a reconnecting client.
    /// </summary>
    ValueTask CutAsync(int delayMilliseconds);

    /// <summary>
    /// The server's memory after full blocking compacting collections, with its connection and export counts. It stops
    /// the whole server process for the collections: a diagnostic, not something to call in a measured loop.
    /// </summary>
    ValueTask<ServerSnapshot> SnapshotAsync();
}
