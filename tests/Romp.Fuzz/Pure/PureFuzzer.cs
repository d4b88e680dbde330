using System.Buffers;
using System.Buffers.Binary;
using System.Diagnostics;
using Romp.Fuzz.Mutation;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Wire;
using Romp.Protocol;

namespace Romp.Fuzz.Pure;

/// <summary>
/// The pure level: mutated conversations straight into the runtime's Handshake and FrameReader, cut into random
/// segments, and the call payloads into the runtime's formatters. Each is compared with the independent reading in
/// <see cref="WireParser"/> and <see cref="CallDecoder"/>: the only failure the runtime may raise is a
/// <see cref="RompException"/> with InvalidMessage or InvalidPartner, and it must accept and reject what the spec does.
/// </summary>
internal sealed class PureFuzzer
{
    private static readonly int[] s_maxPayloads = [RompConnectionOptions.MinimumFrameSize, 4096, 65536, 1 << 20, 16 << 20];

    private readonly IReadOnlyList<Conversation> _conversations;
    private readonly Mutator _mutator;
    private readonly FuzzFindings _findings;
    private readonly FuzzStats _stats;

    /// <param name="conversations">What <see cref="Run"/> mutates; <see cref="CheckStream"/> needs none.</param>
    /// <param name="findings">Where violations go.</param>
    /// <param name="stats">Where the counts go.</param>
    public PureFuzzer(IReadOnlyList<Conversation> conversations, FuzzFindings findings, FuzzStats stats)
    {
        _conversations = conversations;
        _mutator = new Mutator(1 << 20);
        _findings = findings;
        _stats = stats;
    }

    /// <summary>Runs iterations from 0 until <paramref name="duration"/> is up or <paramref name="maxIterations"/> ran.</summary>
    public void Run(int seed, TimeSpan duration, long maxIterations, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        for (long i = 0; i < maxIterations && Stopwatch.GetElapsedTime(started) < duration && !cancellationToken.IsCancellationRequested; i++)
            RunOne(seed, i);
        _stats.PureElapsed = Stopwatch.GetElapsedTime(started);
    }

    /// <summary>One iteration, reproducible from (seed, iteration) alone.</summary>
    public void RunOne(int seed, long iteration)
    {
        var random = new Random(FuzzSeed.Of(seed, iteration, FuzzSeed.PureLevel));
        Conversation conversation = _conversations[random.Next(_conversations.Count)];
        MutatedConversation mutated = _mutator.Mutate(conversation, random);
        string context = $"pure iteration {iteration} of seed {seed} ({conversation.Name}: {mutated.Mutations})";
        CheckStream(mutated.Bytes, random, context);
        Interlocked.Increment(ref _stats.PureIterations);
    }

    /// <summary>
    /// Checks one client→server stream, hello first: the hello arriving in pieces, then the frames in random segments
    /// against a max frame <paramref name="random"/> picks, then every call payload. Findings go to the findings.
    /// </summary>
    public void CheckStream(byte[] bytes, Random random, string context)
    {
        CheckHandshake(bytes, random, context);
        ReadOnlyMemory<byte> frames = bytes.Length > WireType.HelloSize ? bytes.AsMemory(WireType.HelloSize) : ReadOnlyMemory<byte>.Empty;
        CheckFrames(frames, s_maxPayloads[random.Next(s_maxPayloads.Length)], random, context);
    }

    private void CheckHandshake(byte[] bytes, Random random, string context)
    {
        // The hello arrives in pieces; the reader must refuse a wrong magic on its first wrong byte, and wait otherwise.
        // Each round delivers at least one more byte, up to 16: the loop runs at most 16 times.
        int end = Math.Min(bytes.Length, WireType.HelloSize + 4);
        if (end == 0)
            return;
        for (int arrived = Math.Min(end, random.Next(1, 5)); ; arrived = Math.Min(end, arrived + random.Next(1, 6)))
        {
            HelloCheck expected = WireParser.CheckHello(bytes.AsSpan(0, Math.Min(arrived, WireType.HelloSize)));
            ReadOnlySequence<byte> buffer = Segments.Split(bytes.AsMemory(0, arrived), random);
            string outcome;
            try
            {
                outcome = Handshake.TryRead(ref buffer, out int max) ? $"valid {max} {buffer.Length}" : "incomplete";
            }
            catch (RompException error) when (error.Error is RompError.InvalidPartner or RompError.InvalidMessage)
            {
                outcome = error.Error.ToString();
            }
            catch (Exception error)
            {
                _findings.Report("handshake-exception", $"{context}: Handshake.TryRead threw {error.GetType()}: {error.Message} on {Hex(bytes, arrived)}");
                return;
            }

            string wanted = expected switch
            {
                HelloCheck.Valid => $"valid {(int)Math.Min(WireParser.HelloMaxFrame(bytes), int.MaxValue)} {arrived - WireType.HelloSize}",
                HelloCheck.Incomplete => "incomplete",
                HelloCheck.FrameTooSmall => nameof(RompError.InvalidMessage),
                _ => nameof(RompError.InvalidPartner),
            };
            if (outcome != wanted)
            {
                _findings.Report("handshake-disagrees", $"{context}: Handshake.TryRead gave '{outcome}' where docs/protocol.md §1.1 says '{wanted}' for {Hex(bytes, arrived)}");
                return;
            }

            if (expected != HelloCheck.Incomplete || arrived >= end)
                return;
        }
    }

    private void CheckFrames(ReadOnlyMemory<byte> data, int maxPayload, Random random, string context)
    {
        WireParse expected = WireParser.Parse(data.Span, 0, (uint)maxPayload);
        ReadOnlySequence<byte> buffer = Segments.Split(data, random);
        int read = 0;
        string stop;
        try
        {
            stop = ReadAll(ref buffer, maxPayload, expected, data, ref read, context);
        }
        catch (RompException error) when (error.Error == RompError.InvalidMessage)
        {
            stop = "rejected";
        }
        catch (Exception error)
        {
            _findings.Report("frame-reader-exception", $"{context}: FrameReader threw {error.GetType()}: {error.Message} (max frame {maxPayload}) on {Hex(data.Span, data.Length)}");
            return;
        }

        Interlocked.Add(ref _stats.PureFrames, read);
        string wanted = expected.Stop switch
        {
            WireStop.End => "end",
            WireStop.Truncated => "waiting",
            _ => "rejected",
        };
        if (stop is not null && (stop != wanted || read != expected.Frames.Count))
            _findings.Report("frame-reader-disagrees", $"{context}: FrameReader read {read} frames and stopped with '{stop}' where docs/protocol.md §2 gives {expected.Frames.Count} and '{wanted}' (max frame {maxPayload}) on {Hex(data.Span, data.Length)}");
    }

    /// <summary>The connection's read loop over one buffer: oversized DISCARDs skipped, every frame checked as it comes.</summary>
    private string ReadAll(ref ReadOnlySequence<byte> buffer, int maxPayload, WireParse expected, ReadOnlyMemory<byte> data, ref int read, string context)
    {
        long discardRemaining = 0;
        // Each round consumes a frame's header at least, so there are at most Length / 9 + 1 rounds.
        for (long round = 0; round <= data.Length / WireType.HeaderSize + 1; round++)
        {
            if (FrameReader.TryReadOversizedDiscard(ref buffer, maxPayload, out discardRemaining))
            {
                // The rest of an oversized DISCARD is skipped as it arrives; here nothing more will.
                if (discardRemaining > 0)
                    return "waiting";
                if (read >= expected.Frames.Count || expected.Frames[read].Type != WireType.Discard)
                {
                    _findings.Report("frame-reader-disagrees", $"{context}: FrameReader skipped an oversized DISCARD as frame {read} where docs/protocol.md §2 sees none (max frame {maxPayload}) on {Hex(data.Span, data.Length)}");
                    return "different";
                }

                read++;
                continue;
            }

            if (!FrameReader.TryRead(ref buffer, maxPayload, out Frame frame))
                return buffer.IsEmpty ? "end" : "waiting";
            if (read >= expected.Frames.Count)
            {
                _findings.Report("frame-reader-disagrees", $"{context}: FrameReader read a frame docs/protocol.md §2 does not see (max frame {maxPayload}) on {Hex(data.Span, data.Length)}");
                return "extra";
            }

            WireFrame wanted = expected.Frames[read++];
            if ((byte)frame.Type != wanted.Type || frame.CallId != wanted.CallId || frame.Payload.Length != wanted.PayloadLength
                || !frame.Payload.ToArray().AsSpan().SequenceEqual(wanted.Payload(data.Span)))
            {
                _findings.Report("frame-reader-disagrees", $"{context}: frame {read - 1} read as type {(byte)frame.Type} id {frame.CallId} length {frame.Payload.Length}, expected {wanted}");
                return "different";
            }

            CheckPayload(wanted.Type, wanted.Payload(data.Span), context);
        }

        _findings.Report("frame-reader-loop", $"{context}: FrameReader kept returning frames without consuming the buffer");
        return "loop";
    }

    private void CheckPayload(byte type, ReadOnlySpan<byte> payload, string context)
    {
        if (!WireType.IsCall(type) || payload.Length < 6)
            return;
        ushort method = BinaryPrimitives.ReadUInt16LittleEndian(payload.Slice(4));
        int head = type == WireType.RequestBlock ? 10 : 6;
        if (!RuntimeDecoder.Covers(method) || payload.Length < head)
            return;
        ReadOnlyMemory<byte> arguments = payload.Slice(head).ToArray();
        bool specAccepts = CallDecoder.TryDecodeArguments(method, arguments.Span, out long expected);
        bool runtimeAccepts;
        long actual = 0;
        try
        {
            actual = RuntimeDecoder.Decode(method, arguments);
            runtimeAccepts = true;
        }
        catch (RompException error) when (error.Error == RompError.InvalidMessage)
        {
            runtimeAccepts = false;
        }
        catch (Exception error)
        {
            _findings.Report("decoder-exception", $"{context}: decoding method {method} threw {error.GetType()}: {error.Message} on {Hex(arguments.Span, arguments.Length)}");
            return;
        }

        Interlocked.Increment(ref _stats.PurePayloads);
        if (specAccepts != runtimeAccepts || (specAccepts && expected != actual))
            _findings.Report("decoder-disagrees", $"{context}: method {method}'s arguments {(runtimeAccepts ? "decode" : "fail")} in the runtime but {(specAccepts ? "decode" : "fail")} by docs/protocol.md §5{(specAccepts && runtimeAccepts ? " (to different values)" : "")}: {Hex(arguments.Span, arguments.Length)}");
    }

    /// <summary>At most the first 256 bytes, for a report line that still reproduces most findings by itself.</summary>
    internal static string Hex(ReadOnlySpan<byte> bytes, int length)
    {
        int shown = Math.Min(Math.Min(length, bytes.Length), 256);
        return Convert.ToHexString(bytes.Slice(0, shown)) + (shown < length ? $"… ({length} bytes)" : "");
    }
}
