#region README
using Romp;

[RompObject]
public interface ICalculator
{
    ValueTask<int> AddAsync(int a, int b, CancellationToken cancellationToken = default); // REQUEST → RETVAL / EXCEPTION
    int this[string key] { get; set; }                              // synchronous members block the caller
    [Oneway] void Tick(int n);                                      // ONEWAY: no answer, runs in order
    [Oneway(Sync = true)] ValueTask TickAsync(int n);               // ONEWAY_SYNC: completes on receipt
    IAsyncEnumerable<Point> WalkAsync(int steps);                   // REQUEST_BLOCK → YIELD… (ROMP's block)
}

[RompSerializable]
public sealed record Point(int X, int Y);                           // copied by value, version tolerant
#endregion
