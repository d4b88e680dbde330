using System.Diagnostics;

namespace Resilience;

/// <summary>The orchestrator's output: one line per event, stamped with the seconds since the run began.</summary>
internal static class Timeline
{
    private static readonly Stopwatch s_clock = Stopwatch.StartNew();

    public static void Print(string line) => Console.WriteLine($"{s_clock.Elapsed.TotalSeconds,6:0.000}  {line}");
}
