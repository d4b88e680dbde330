using System.Globalization;
using System.Text.Json;

namespace Romp.Bench;

/// <summary>The readable table, the Romp/raw and Romp/peer ratios, the target check, and the JSON lines.</summary>
internal static class ResultReport
{
    private const string RowFormat = "{0,-18} {1,-9} {2,14} {3,-8} {4,9} {5,9} {6,12} {7,12}";

    private static readonly CultureInfo s_invariant = CultureInfo.InvariantCulture;

    public static void WriteHeader(TextWriter output)
    {
        output.WriteLine(string.Format(s_invariant, RowFormat, "scenario", "transport", "rate", "unit", "p50 µs", "p99 µs", "client B/op", "server B/op"));
        output.WriteLine(new string('-', 98));
    }

    public static void WriteRow(TextWriter output, ScenarioResult r)
    {
        output.WriteLine(string.Format(
            s_invariant,
            RowFormat,
            r.Scenario,
            r.Transport,
            FormatRate(r.Rate),
            r.Unit,
            Format(r.P50Microseconds, "0.0"),
            Format(r.P99Microseconds, "0.0"),
            Format(r.ClientBytesPerOp, "0.0"),
            Format(r.ServerBytesPerOp, "0.0")));
    }

    /// <summary>Under the table: what the rows whose names would mislead really measure.</summary>
    public static void WriteNotes(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        bool first = true;
        foreach (ScenarioResult r in results)
        {
            if (r.Note is null)
                continue;
            if (first)
            {
                output.WriteLine();
                output.WriteLine("notes:");
                first = false;
            }

            output.WriteLine($"  {r.Scenario}: {r.Note}");
        }
    }

    /// <summary>
    /// Romp against the floors and against the peers, from the scenarios this run measured (no ratio mixes runs), and
    /// the targets the project holds itself to.
    /// </summary>
    public static void WriteSummary(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        ScenarioResult? roundtrip = Find(results, ScenarioNames.Roundtrip);
        ScenarioResult? lowLatency = Find(results, ScenarioNames.RoundtripLowLatency);
        ScenarioResult? rawRoundtrip = Find(results, ScenarioNames.RawRoundtrip);
        ScenarioResult? oneway = Find(results, ScenarioNames.Oneway);
        ScenarioResult? rawOneway = Find(results, ScenarioNames.RawOneway);
        ScenarioResult? pipelined = Find(results, ScenarioNames.Pipelined);
        ScenarioResult? bytes = Find(results, ScenarioNames.Bytes64K);
        ScenarioResult? callback = Find(results, ScenarioNames.Callback);
        ScenarioResult? rawSpin = Find(results, ScenarioNames.RawRoundtripSpin);
        ScenarioResult? rawBytes = Find(results, ScenarioNames.RawBytes64K);

        output.WriteLine();
        if (bytes is not null)
            output.WriteLine(string.Format(s_invariant, "bytes64k: {0:N0} calls/s, {1:N0} MB/s each way", bytes.Operations / bytes.Seconds, bytes.Rate));
        if (roundtrip is not null && rawRoundtrip is not null)
            output.WriteLine(string.Format(s_invariant, "Romp/raw roundtrip: {0:0.00}x", roundtrip.Rate / rawRoundtrip.Rate));
        if (oneway is not null && rawOneway is not null)
            output.WriteLine(string.Format(s_invariant, "Romp/raw oneway:    {0:0.00}x", oneway.Rate / rawOneway.Rate));
        if (callback is not null && roundtrip is not null)
            output.WriteLine(string.Format(s_invariant, "callback/roundtrip: {0:0.00}x (server-to-client calls against client-to-server)", callback.Rate / roundtrip.Rate));
        WriteLatencyAgainstFloor(output, roundtrip, rawRoundtrip);
        WriteLatencyAgainstFloor(output, roundtrip, rawSpin);
        WriteLatencyAgainstFloor(output, lowLatency, rawSpin);
        // Busy polling is only a floor while each side has a core to itself; on 2 shared cores another process breaks that.
        if (rawSpin?.P50Microseconds is double spinP50 && rawRoundtrip?.P50Microseconds is double blockingP50 && spinP50 > blockingP50)
            output.WriteLine("  (raw-roundtrip-spin is slower than raw-roundtrip: something else had a core while it spun; rerun it on a quiet machine)");
        if (bytes is not null && rawBytes is not null)
            output.WriteLine(string.Format(s_invariant, "bytes64k/raw-bytes64k: {0:0.00}x ({1:N0} against {2:N0} MB/s each way)", bytes.Rate / rawBytes.Rate, bytes.Rate, rawBytes.Rate));
        WriteAgainstPeers(output, results);

        output.WriteLine();
        output.WriteLine("targets (issues 7 and 8; each needs its rows in this run):");
        if (roundtrip is not null && rawSpin?.P50Microseconds is double floor && roundtrip.P50Microseconds is double defaultP50)
            Check(output, "roundtrip p50 <= 2.5x spin floor", defaultP50 <= 2.5 * floor, (defaultP50 / floor).ToString("0.00", s_invariant) + "x");
        if (lowLatency?.P50Microseconds is double lowP50 && rawSpin?.P50Microseconds is double spinFloor)
            Check(output, "low-latency p50 <= 1.5x floor", lowP50 <= 1.5 * spinFloor, (lowP50 / spinFloor).ToString("0.00", s_invariant) + "x");
        if (pipelined is not null)
            Check(output, "pipelined >= 1,000,000 calls/s", pipelined.Rate >= 1_000_000, pipelined.Rate.ToString("N0", s_invariant));
        if (oneway is not null)
            Check(output, "oneway >= 5,000,000 msgs/s", oneway.Rate >= 5_000_000, oneway.Rate.ToString("N0", s_invariant));
        if (bytes is not null && rawBytes is not null)
            Check(output, "bytes64k >= 0.8x raw-bytes64k", bytes.Rate >= 0.8 * rawBytes.Rate, (bytes.Rate / rawBytes.Rate).ToString("0.00", s_invariant) + "x");
        foreach (string workload in ScenarioNames.PeerWorkloads)
        {
            if (Find(results, workload) is { } romp && BestPeer(results, workload) is { } best)
                Check(output, $"{workload} >= 3x best peer", romp.Rate >= 3 * best.Rate, (romp.Rate / best.Rate).ToString("0.00", s_invariant) + "x " + best.Scenario);
        }

        // Issue 8 gave every received call an ambient RompCallContext (about 112 B on the server); the low-latency mode
        // turns it off (FlowCallContext = false), and must then allocate nothing.
        if (roundtrip is not null)
            CheckAllocation(output, "roundtrip < 1 B/op client, < 128 server", roundtrip, 1, serverLimit: 128);
        if (lowLatency is not null)
            CheckAllocation(output, "roundtrip-lowlatency < 1 B/op", lowLatency, 1);
        if (oneway is not null)
            CheckAllocation(output, "oneway < 1 B/op", oneway, 1);
    }

    // "roundtrip p50 / raw-roundtrip-spin p50: 4.10x (20.5 against 5.0 µs)": how far Romp's latency is above a floor.
    private static void WriteLatencyAgainstFloor(TextWriter output, ScenarioResult? romp, ScenarioResult? floor)
    {
        if (romp?.P50Microseconds is not double rompP50 || floor?.P50Microseconds is not double floorP50 || floorP50 <= 0)
            return;
        output.WriteLine(string.Format(
            s_invariant, "{0} p50 / {1} p50: {2:0.00}x ({3:0.0} against {4:0.0} µs)", romp.Scenario, floor.Scenario, rompP50 / floorP50, rompP50, floorP50));
    }

    // For each workload the peers ran: Romp's rate over the best peer's, both from this run.
    private static void WriteAgainstPeers(TextWriter output, IReadOnlyList<ScenarioResult> results)
    {
        bool first = true;
        foreach (string workload in ScenarioNames.PeerWorkloads)
        {
            ScenarioResult? romp = Find(results, workload);
            ScenarioResult? best = BestPeer(results, workload);
            if (romp is null || best is null)
                continue;
            if (first)
            {
                output.WriteLine("Romp / best peer, same workload, this run (rate over rate):");
                first = false;
            }

            output.WriteLine(string.Format(
                s_invariant,
                "  {0,-10} {1,7:0.00}x   Romp {2,12} {3,-8} best peer {4,-18} {5,12} {3}",
                workload,
                romp.Rate / best.Rate,
                FormatRate(romp.Rate),
                romp.Unit,
                best.Scenario,
                FormatRate(best.Rate)));
        }
    }

    private static ScenarioResult? BestPeer(IReadOnlyList<ScenarioResult> results, string workload)
    {
        ScenarioResult? best = null;
        foreach (string peer in ScenarioNames.Peers)
        {
            ScenarioResult? candidate = Find(results, ScenarioNames.PeerScenario(peer, workload));
            if (candidate is not null && (best is null || candidate.Rate > best.Rate))
                best = candidate;
        }

        return best;
    }

    private static string FormatRate(double rate) => rate.ToString(rate < 100 ? "N2" : "N0", s_invariant);

    /// <summary>Appends one JSON object on a line of its own; written with Utf8JsonWriter, no reflection.</summary>
    public static void AppendJson(string path, ScenarioResult r)
    {
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        using (var json = new Utf8JsonWriter(file))
        {
            json.WriteStartObject();
            json.WriteString("scenario", r.Scenario);
            json.WriteString("transport", r.Transport);
            json.WriteNumber("rate", Math.Round(r.Rate, 2));
            json.WriteString("unit", r.Unit);
            WriteNumber(json, "p50_us", r.P50Microseconds);
            WriteNumber(json, "p99_us", r.P99Microseconds);
            WriteNumber(json, "client_alloc_bytes_per_op", r.ClientBytesPerOp);
            WriteNumber(json, "server_alloc_bytes_per_op", r.ServerBytesPerOp);
            if (r.Note is not null)
                json.WriteString("note", r.Note);
            json.WriteEndObject();
        }

        file.WriteByte((byte)'\n');
    }

    private static void WriteNumber(Utf8JsonWriter json, string name, double? value)
    {
        if (value is double v)
            json.WriteNumber(name, Math.Round(v, 3));
        else
            json.WriteNull(name);
    }

    private static void Check(TextWriter output, string target, bool met, string measured) =>
        output.WriteLine($"  {(met ? "PASS" : "MISS")}  {target,-30} measured {measured}");

    // A steady-state claim: the few hundred bytes of a run's setup, spread over the run's calls, stay well under the limit.
    private static void CheckAllocation(TextWriter output, string target, ScenarioResult r, double limit, double? serverLimit = null)
    {
        bool client = r.ClientBytesPerOp < limit;
        bool server = r.ServerBytesPerOp is not double s || s < (serverLimit ?? limit);
        string measured = string.Format(s_invariant, "client {0:0.0}, server {1}", r.ClientBytesPerOp, Format(r.ServerBytesPerOp, "0.0"));
        Check(output, target, client && server, measured);
    }

    private static ScenarioResult? Find(IReadOnlyList<ScenarioResult> results, string scenario)
    {
        foreach (ScenarioResult r in results)
        {
            if (r.Scenario == scenario)
                return r;
        }

        return null;
    }

    private static string Format(double? value, string format) => value is double v ? v.ToString(format, s_invariant) : "-";
}
