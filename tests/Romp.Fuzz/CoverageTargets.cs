using Romp.Fuzz.Pure;
using Romp.Fuzz.Session;

namespace Romp.Fuzz;

/// <summary>
/// The fuzzer's checks as functions of one input, for a coverage-guided fuzzer (tests/Romp.Fuzz.Afl drives them with
/// SharpFuzz and AFL++): each throws <see cref="FuzzFindingException"/> when the input breaks a rule, which the
/// coverage-guided fuzzer records as a crash, and returns quietly otherwise.
/// </summary>
public static class CoverageTargets
{
    /// <summary>The pure level on <paramref name="input"/> as a client→server stream: handshake, frame reader, decoders.</summary>
    /// <exception cref="FuzzFindingException">The input found a violation.</exception>
    public static void Frames(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new FuzzFindings();
        // Fixed segmentation: the same input must take the same path, or coverage guidance learns noise.
        new PureFuzzer([], findings, new FuzzStats()).CheckStream(input, new Random(input.Length), "input");
        ThrowIfFound(findings);
    }

    /// <summary>The input as a client→server stream into a whole server-side connection over in-memory pipes.</summary>
    /// <exception cref="FuzzFindingException">The input found a violation.</exception>
    public static void Session(byte[] input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var findings = new FuzzFindings();
        SessionCheck.RunAsync(input, "input", findings, CancellationToken.None).GetAwaiter().GetResult();
        ThrowIfFound(findings);
    }

    /// <summary>The recorded conversations, intact: the seed corpus a coverage-guided fuzzer starts from.</summary>
    public static async Task<IReadOnlyList<(string Name, byte[] Bytes)>> SeedsAsync(CancellationToken cancellationToken = default)
    {
        var findings = new FuzzFindings();
        var conversations = await Recording.ConversationRecorder.RecordAsync(findings, cancellationToken).ConfigureAwait(false);
        ThrowIfFound(findings);
        return conversations.Select(static c => (c.Name, c.ToBytes())).ToList();
    }

    private static void ThrowIfFound(FuzzFindings findings)
    {
        if (!findings.IsEmpty)
            throw new FuzzFindingException(findings.ToString());
    }
}
