#region README
using MemoryPack;
using Romp;

[MemoryPackable(GenerateType.VersionTolerant)]
public sealed partial class Quote                                   // MemoryPack's type, MemoryPack's bytes
{
    [MemoryPackOrder(0)] public string Symbol { get; set; } = "";
    [MemoryPackOrder(1)] public decimal Price { get; set; }
    [MemoryPackOrder(2)] public DateTime At { get; set; }             // added later: older peers skip it
}

[RompObject]
public interface IQuotes
{
    ValueTask<Quote?> LatestAsync(string symbol);                   // a parameter, result or stream item,
    IAsyncEnumerable<Quote> WatchAsync(string symbol, int count);   // or a member of a [RompSerializable] type
}
#endregion
