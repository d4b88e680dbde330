using Romp.Fuzz.Live;
using Romp.Fuzz.Pure;
using Romp.Fuzz.Recording;

namespace Romp.Fuzz;

/// <summary>Records the conversations, then runs the levels <see cref="FuzzOptions"/> asks for, one after the other.</summary>
public static class FuzzRunner
{
    /// <summary>Runs the fuzzer; the report says whether any violation was found.</summary>
    public static async Task<FuzzReport> RunAsync(FuzzOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var findings = new FuzzFindings();
        var stats = new FuzzStats();
        IReadOnlyList<Conversation> conversations = await ConversationRecorder.RecordAsync(findings, cancellationToken).ConfigureAwait(false);
        bool both = options.Level == FuzzLevel.All;
        TimeSpan pure = both ? options.Duration * options.PureShare : options.Duration;
        if (options.Level.HasFlag(FuzzLevel.Pure))
            new PureFuzzer(conversations, findings, stats).Run(options.Seed, pure, options.MaxIterations, cancellationToken);
        if (options.Level.HasFlag(FuzzLevel.Live))
            await new LiveFuzzer(conversations, options, findings, stats).RunAsync(both ? options.Duration - pure : options.Duration, cancellationToken).ConfigureAwait(false);
        return new FuzzReport(options, findings, stats);
    }

    /// <summary>Sends live conversation <paramref name="index"/> of <paramref name="seed"/> alone; returns what it sent and found.</summary>
    public static async Task<(string Context, byte[] Bytes, FuzzFindings Findings)> ReplayAsync(int seed, long index, CancellationToken cancellationToken = default)
    {
        var findings = new FuzzFindings();
        IReadOnlyList<Conversation> conversations = await ConversationRecorder.RecordAsync(findings, cancellationToken).ConfigureAwait(false);
        var mutated = LiveFuzzer.Replay(conversations, seed, index, out string context);
        var options = new FuzzOptions { Seed = seed, MaxConversations = 0 };
        await new LiveFuzzer(conversations, options, findings, new FuzzStats()).ReplayOneAsync(mutated, context, cancellationToken).ConfigureAwait(false);
        return (context, mutated.Bytes, findings);
    }
}
