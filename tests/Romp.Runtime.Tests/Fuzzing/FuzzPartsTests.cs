using System.Buffers.Binary;
using Romp.Fuzz;
using Romp.Fuzz.Live;
using Romp.Fuzz.Mutation;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;

namespace Romp.Tests.Fuzzing;

/// <summary>
/// The fuzzer's own parts, so that a quiet fuzz run means the server is right and not that the fuzzer is blind: the
/// recordings are clean and decode, the oracle refuses what the spec refuses, and the output checker catches the
/// violations it is there for.
/// </summary>
[Category("Socket")]
public sealed class FuzzPartsTests
{
    private static IReadOnlyList<Conversation>? s_conversations;

    [Test]
    [CancelAfter(30_000)]
    public async Task Recorder_EveryScript_RecordsCallsTheOracleAccepts(CancellationToken cancellationToken)
    {
        var findings = new FuzzFindings();

        IReadOnlyList<Conversation> conversations = await RecordAsync(findings, cancellationToken);

        Assert.That(findings.Counts, Is.Empty, findings.ToString());
        foreach (Conversation conversation in conversations)
        {
            byte[] bytes = conversation.ToBytes();
            WireParse parse = WireParser.Parse(bytes, WireType.HelloSize, uint.MaxValue);
            var calls = parse.Frames.Where(f => WireType.IsCall(f.Type) && CallDecoder.ObjectId(f.Payload(bytes)) != 0).ToList();
            Assert.That(calls, Is.Not.Empty, conversation.Name);
            // Every call a real client made decodes by the oracle: its method ids and encodings match the generator's.
            Assert.That(calls.Where(f => !CallDecoder.TryDecode(f.Type, f.Payload(bytes), out _)), Is.Empty, conversation.Name);
            Assert.That(parse.Frames[^1].Type, Is.EqualTo(WireType.Goodbye), conversation.Name);
        }

        byte[] types = conversations.SelectMany(c => c.Frames).Select(f => f[4]).Distinct().Order().ToArray();
        Assert.That(types, Is.SupersetOf(new[] { WireType.Request, WireType.RequestBlock, WireType.Oneway, WireType.OnewaySync, WireType.RetVal, WireType.Sync, WireType.Cancel, WireType.Credit, WireType.Goodbye, WireType.Release }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Mutate_SameSeed_SameBytesAndPlan(CancellationToken cancellationToken)
    {
        IReadOnlyList<Conversation> conversations = await RecordAsync(new FuzzFindings(), cancellationToken);
        var mutator = new Mutator(1 << 20);

        for (int seed = 0; seed < 200; seed++)
        {
            MutatedConversation first = mutator.Mutate(conversations[seed % conversations.Count], new Random(seed));
            MutatedConversation second = mutator.Mutate(conversations[seed % conversations.Count], new Random(seed));
            Assert.That(second.Bytes, Is.EqualTo(first.Bytes));
            Assert.That(second.Plan.Cuts, Is.EqualTo(first.Plan.Cuts));
            Assert.That(second.Mutations, Is.EqualTo(first.Mutations));
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CoverageTargets_RecordedConversations_FindNothing(CancellationToken cancellationToken)
    {
        // The coverage-guided harness (tests/Romp.Fuzz.Afl) runs these under AFL++; here they run once per seed, so a
        // broken harness shows up without AFL.
        foreach ((string name, byte[] bytes) in await CoverageTargets.SeedsAsync(cancellationToken))
        {
            Assert.DoesNotThrow(() => CoverageTargets.Frames(bytes), name);
            Assert.DoesNotThrow(() => CoverageTargets.Session(bytes), name);
        }
    }

    [TestCase(512, true)]
    [TestCase(513, false)]
    public void TryDecode_ChainAtAndPastTheNestingLimit_FollowsTheSpec(int depth, bool valid)
    {
        var payload = new List<byte>();
        FrameBuilder.CallHead(payload, 1, FuzzMethods.Depth);
        FrameBuilder.Chain(payload, depth);
        FrameBuilder.Int64(payload, 0);

        Assert.That(CallDecoder.TryDecode(WireType.Request, payload.ToArray(), out _), Is.EqualTo(valid));
    }

    [Test]
    public void TryDecode_TrailingByte_IsRejected()
    {
        var payload = new List<byte>();
        FrameBuilder.CallHead(payload, 1, FuzzMethods.Note);
        FrameBuilder.UInt32(payload, 7);
        FrameBuilder.Int64(payload, CallFingerprint.Note(7));

        Assert.That(CallDecoder.TryDecode(WireType.Oneway, payload.ToArray(), out _), Is.True);
        payload.Add(0);
        Assert.That(CallDecoder.TryDecode(WireType.Oneway, payload.ToArray(), out _), Is.False);
    }

    [Test]
    public void Append_FrameAfterGoodbye_IsReported()
    {
        var findings = new FuzzFindings();
        ServerOutputChecker checker = Checker(findings, FrameBuilder.Frame(WireType.Request, 3, Call()));

        checker.Append(ServerBytes(FrameBuilder.Frame(WireType.Goodbye, 0, Goodbye()), FrameBuilder.Frame(WireType.RetVal, 3, [])));

        Assert.That(findings.Counts.Keys, Is.EquivalentTo(new[] { "frame-after-goodbye" }));
    }

    [Test]
    public void Append_AnswerToCallNeverSent_IsReported()
    {
        var findings = new FuzzFindings();
        ServerOutputChecker checker = Checker(findings, FrameBuilder.Frame(WireType.Request, 3, Call()));

        checker.Append(ServerBytes(FrameBuilder.Frame(WireType.RetVal, 3, []), FrameBuilder.Frame(WireType.RetVal, 3, []), FrameBuilder.Frame(WireType.NullMsg, 9, [])));

        Assert.That(findings.Counts["answer-to-unsent-call"], Is.EqualTo(2));
    }

    [Test]
    public void Append_AnswersSplitAtEveryByte_AreAllAccepted()
    {
        var findings = new FuzzFindings();
        ServerOutputChecker checker = Checker(findings, FrameBuilder.Frame(WireType.Request, 3, Call()), FrameBuilder.Frame(WireType.Sync, 4, []));
        byte[] output = ServerBytes(FrameBuilder.Frame(WireType.RetVal, 3, [1, 0, 0, 0]), FrameBuilder.Frame(WireType.NullMsg, 4, []), FrameBuilder.Frame(WireType.Goodbye, 0, Goodbye()));

        foreach (byte b in output)
            checker.Append([b]);
        checker.CheckComplete();

        Assert.That(findings.Counts, Is.Empty, findings.ToString());
        Assert.That(checker.Frames, Is.EqualTo(3));
    }

    private static async Task<IReadOnlyList<Conversation>> RecordAsync(FuzzFindings findings, CancellationToken cancellationToken) =>
        s_conversations ??= await ConversationRecorder.RecordAsync(findings, cancellationToken);

    private static ServerOutputChecker Checker(FuzzFindings findings, params byte[][] sentFrames)
    {
        byte[] sent = [.. Support.RawPeer.Hello(), .. sentFrames.SelectMany(static f => f)];
        return new ServerOutputChecker(new SentCalls(WireParser.Parse(sent, WireType.HelloSize, uint.MaxValue)), 1 << 20, "test", findings);
    }

    private static byte[] ServerBytes(params byte[][] frames) => [.. Support.RawPeer.Hello(), .. frames.SelectMany(static f => f)];

    private static byte[] Call()
    {
        var payload = new List<byte>();
        FrameBuilder.CallHead(payload, 1, FuzzMethods.Add);
        FrameBuilder.UInt32(payload, 1);
        FrameBuilder.UInt32(payload, 2);
        FrameBuilder.Int64(payload, CallFingerprint.Add(1, 2));
        return payload.ToArray();
    }

    private static byte[] Goodbye()
    {
        byte[] goodbye = new byte[5];
        goodbye[0] = 255;
        BinaryPrimitives.WriteInt32LittleEndian(goodbye.AsSpan(1), 0);
        return goodbye;
    }
}
