namespace Romp.Fuzz.Target;

/// <summary>
/// What the fuzzed server binds: one method per argument shape the wire format has (integers, strings, byte arrays,
/// lists, a record, a recursive record, a reference, a stream, one-way calls). Every method takes a checksum the
/// client computed from the other arguments with <c>CallFingerprint</c>, so the implementation can tell a
/// call the client really made from one decoded out of damaged bytes. The methods carry explicit ids 1 to 10
/// (<see cref="FuzzMethods"/>), which the fuzzer's hand-built frames use.
/// </summary>
[RompObject]
public interface IFuzzTarget
{
    /// <summary>Returns <paramref name="a"/> + <paramref name="b"/>.</summary>
    [RompId(1)]
    ValueTask<int> AddAsync(int a, int b, long checksum);

    /// <summary>Returns <paramref name="text"/> unchanged.</summary>
    [RompId(2)]
    ValueTask<string?> EchoAsync(string? text, long checksum);

    /// <summary>Returns the sum of the bytes, or -1 for null.</summary>
    [RompId(3)]
    ValueTask<int> SumAsync(byte[]? data, long checksum);

    /// <summary>Returns how many items there are, or -1 for null.</summary>
    [RompId(4)]
    ValueTask<int> CountAsync(List<int>? items, long checksum);

    /// <summary>Returns the shape moved right by <paramref name="dx"/>.</summary>
    [RompId(5)]
    ValueTask<Shape?> MoveAsync(Shape? shape, int dx, long checksum);

    /// <summary>Returns how many links the chain has: the recursive record that nesting bombs are made of.</summary>
    [RompId(6)]
    ValueTask<int> DepthAsync(Chain? chain, long checksum);

    /// <summary>Calls <paramref name="callback"/> back with <paramref name="value"/> and returns its answer.</summary>
    [RompId(7)]
    ValueTask<int> CallBackAsync(IFuzzCallback? callback, int value, long checksum);

    /// <summary>Streams <paramref name="count"/> integers from <paramref name="start"/>.</summary>
    [RompId(8)]
    IAsyncEnumerable<int> RangeAsync(int start, int count, long checksum, CancellationToken cancellationToken = default);

    /// <summary>A one-way call.</summary>
    [Oneway, RompId(9)]
    void Note(int value, long checksum);

    /// <summary>A one-way call the server acknowledges on receipt.</summary>
    [Oneway(Sync = true), RompId(10)]
    ValueTask NoteSyncAsync(string? text, long checksum);
}
