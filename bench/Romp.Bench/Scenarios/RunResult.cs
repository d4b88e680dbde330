namespace Romp.Bench.Scenarios;

/// <summary>What one run did: operations completed (calls, messages or items) and the wall time they took.</summary>
internal readonly record struct RunResult(long Operations, double Seconds);
