namespace Romp.Bench;

/// <summary>A scenario saw the server lose or miscount work: the run is invalid, not just slow.</summary>
internal sealed class BenchFailedException(string message) : Exception(message);
