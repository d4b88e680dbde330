using System.Globalization;

namespace Romp.Bench.Scenarios;

/// <summary>
/// The soak's interval table, printed as the run goes (it takes minutes): the server's memory after full collections,
/// its connections and exports, and the client's counts since the run began. One line per report, under the bench's
/// table header and above the soak's own row.
/// </summary>
internal static class SoakReport
{
    private const string RowFormat = "  {0,7} {1,9} {2,10} {3,8} {4,7} {5,5} {6,7} {7,11} {8,11} {9,13} {10,9} {11,7} {12,5} {13,10} {14,6} {15,6}";

    private const double MiB = 1024 * 1024;

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static void WriteHeader(TextWriter output, TimeSpan interval)
    {
        output.WriteLine($"  soak, every {interval.TotalSeconds:0} s: the server after full collections, and the client's counts since the run began");
        output.WriteLine(string.Format(
            s_invariant, RowFormat, "t s", "heap MiB", "pinned MiB", "pool MiB", "ws MiB", "conns", "exports",
            "calls", "one-ways", "stream items", "refs", "clients", "cuts", "reconnects", "lost", "errors"));
    }

    /// <summary>
    /// One report, <paramref name="seconds"/> into the run. The server's figures are <paramref name="server"/>'s; the
    /// client's, <paramref name="tally"/>'s at this moment (counts since the run began).
    /// </summary>
    public static void WriteRow(TextWriter output, double seconds, ServerSnapshot server, SoakTally tally)
    {
        output.WriteLine(string.Format(
            s_invariant,
            RowFormat,
            seconds.ToString("0.0", s_invariant),
            (server.HeapBytes / MiB).ToString("0.00", s_invariant),
            (server.PinnedHeapBytes / MiB).ToString("0.00", s_invariant),
            (server.PoolIdleBytes / MiB).ToString("0.00", s_invariant),
            (server.WorkingSetBytes / MiB).ToString("0.0", s_invariant),
            server.Connections,
            server.Exports,
            tally.Calls.ToString("N0", s_invariant),
            tally.Oneways.ToString("N0", s_invariant),
            tally.Items.ToString("N0", s_invariant),
            tally.References.ToString("N0", s_invariant),
            tally.Clients.ToString("N0", s_invariant),
            tally.Cuts,
            tally.Reconnects,
            tally.LostAtCuts,
            tally.Unexpected));
        output.Flush();
    }

    /// <summary>The closing lines: what the check compared, and the errors by kind.</summary>
    public static void WriteVerdict(TextWriter output, ServerSnapshot first, ServerSnapshot last, long bound, SoakTally tally)
    {
        output.WriteLine(string.Format(
            s_invariant,
            "  soak: server heap {0:0.00} MiB at the first report, {1:0.00} MiB at the end: {2:+0.00;-0.00;+0.00} MiB (bound +{3:0.##} MiB); {4:N0} streams, {5:N0} left early; calls lost at cuts (expected, ConnectionBroken): {6:N0}; unexpected errors: {7}",
            first.HeapBytes / MiB,
            last.HeapBytes / MiB,
            (last.HeapBytes - first.HeapBytes) / MiB,
            bound / MiB,
            tally.Streams,
            tally.CancelledStreams,
            tally.BrokenAtCuts,
            tally.DescribeUnexpected()));
        output.Flush();
    }
}
