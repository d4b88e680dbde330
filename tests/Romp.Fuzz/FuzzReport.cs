using System.Globalization;
using System.Text;

namespace Romp.Fuzz;

/// <summary>What a run did and found. It passed when <see cref="Findings"/> is empty.</summary>
public sealed class FuzzReport
{
    private readonly FuzzStats _stats;

    internal FuzzReport(FuzzOptions options, FuzzFindings findings, FuzzStats stats)
    {
        Options = options;
        Findings = findings;
        _stats = stats;
    }

    /// <summary>The options the run had.</summary>
    public FuzzOptions Options { get; }

    /// <summary>Every violation found.</summary>
    public FuzzFindings Findings { get; }

    /// <summary>True when no violation was found.</summary>
    public bool Passed => Findings.IsEmpty;

    /// <summary>Frames fed to the runtime's frame reader at the pure level.</summary>
    public long PureFrames => _stats.PureFrames;

    /// <summary>Frames sent to the live server (the complete ones, and the one cut short if any, per conversation).</summary>
    public long LiveFrames => _stats.FramesSent;

    /// <summary>Raw connections the live server was fuzzed over.</summary>
    public long Conversations => _stats.Conversations;

    /// <summary>Calls that reached the fuzzed target's user code.</summary>
    public long UserCalls => _stats.UserCalls;

    /// <summary>Calls the canary made and got right while the server was fuzzed.</summary>
    public long CanaryCalls => _stats.CanaryCalls;

    /// <summary>A human-readable summary: rates, totals, the invariants' measurements and the findings.</summary>
    public override string ToString()
    {
        var text = new StringBuilder();
        CultureInfo c = CultureInfo.InvariantCulture;
        text.AppendLine(c, $"romp-fuzz: seed {Options.Seed}, {Options.Duration.TotalSeconds:0} s, level {Options.Level}, {Options.Connections} connections");
        if (_stats.PureIterations > 0)
        {
            double s = Math.Max(_stats.PureElapsed.TotalSeconds, 1e-9);
            text.AppendLine(c, $"  pure: {_stats.PureIterations:N0} conversations, {_stats.PureFrames:N0} frames ({_stats.PureFrames / s:N0} frames/s), {_stats.PurePayloads:N0} argument payloads decoded, in {s:0.0} s");
        }

        if (_stats.Conversations > 0)
        {
            double s = Math.Max(_stats.LiveElapsed.TotalSeconds, 1e-9);
            text.AppendLine(c, $"  live: {_stats.Conversations:N0} connections, {_stats.FramesSent:N0} frames sent ({_stats.FramesSent / s:N0} frames/s), {_stats.BytesSent / 1048576.0:N1} MiB, {_stats.FramesReceived:N0} frames back, {_stats.Goodbyes:N0} GOODBYEs, in {s:0.0} s");
            text.AppendLine(c, $"  user code: {_stats.UserCalls:N0} calls reached the target ({_stats.MutatedCalls:N0} well-formed but mutated)");
            text.AppendLine(c, $"  canary: {_stats.CanaryCalls:N0} calls, longest gap {_stats.CanaryLongestGap.TotalMilliseconds:N0} ms");
            if (_stats.Stalls > 0)
                text.AppendLine(c, $"  stalls: {_stats.StallsClosed:N0} of {_stats.Stalls:N0} connections stalled mid-frame were closed by the server");
            text.AppendLine(c, $"  memory: {_stats.MemoryBefore / 1048576.0:N1} MiB before, {_stats.MemoryAfter / 1048576.0:N1} MiB after ({(_stats.MemoryAfter - _stats.MemoryBefore) / 1048576.0:+0.0;-0.0} MiB, bound {Options.MemoryBound / 1048576.0:N0} MiB); connections after: {_stats.ConnectionsAfter} (1 expected: the canary's)");
            text.Append("  closes:");
            foreach ((string reason, long n) in _stats.CloseReasons.OrderByDescending(static p => p.Value))
                text.Append(c, $" {reason} {n:N0}");
            text.AppendLine();
        }

        text.AppendLine(c, $"  total: {_stats.PureFrames + _stats.FramesSent:N0} frames fuzzed");
        text.AppendLine(Passed ? "  PASSED: no violation" : "  FAILED:");
        text.Append(Findings);
        return text.ToString();
    }
}
