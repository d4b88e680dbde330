using System.Buffers.Binary;
using Romp.Fuzz.Recording;
using Romp.Fuzz.Target;
using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Mutation;

/// <summary>
/// Turns a recorded conversation into a damaged one, deterministically from the <see cref="Random"/> it is given: the
/// same seed gives the same bytes, so any finding can be replayed. Frame-level mutations (wrong types, lengths set to
/// huge values, duplicated call ids, nesting bombs, made-up answers, floods) keep the stream mostly parseable so the
/// damage reaches deep; byte-level ones (bit flips, truncation, garbage, a broken hello) do not care.
/// </summary>
internal sealed class Mutator
{
    private const int MaxFrameOps = 3;
    private const int MaxWrites = 2000;

    private readonly uint _maxFrame;

    /// <param name="maxFrame">The server's max frame: lengths just under and over it are the interesting ones.</param>
    public Mutator(uint maxFrame) => _maxFrame = maxFrame;

    private enum FrameOp
    {
        FlipBits,
        SetLength,
        SetInnerLength,
        SetType,
        SetMethod,
        SetObjectId,
        DuplicateFrame,
        DuplicateCallId,
        DropFrame,
        SwapFrames,
        NestingBomb,
        CountBomb,
        BogusAnswer,
        Release,
        Credit,
        Cancel,
        GarbageFrame,
        Discard,
        Flood,
        Authenticate,
    }

    public MutatedConversation Mutate(Conversation conversation, Random random)
    {
        var frames = conversation.Frames.Select(static f => (byte[])f.Clone()).ToList();
        byte[] hello = (byte[])conversation.Hello.Clone();
        var applied = new List<string>();

        // Some conversations go out intact: the baseline that proves the replay itself reaches user code.
        if (random.Next(100) >= 8)
        {
            int ops = 1 + random.Next(MaxFrameOps);
            for (int i = 0; i < ops; i++)
                applied.Add(Apply((FrameOp)random.Next(Enum.GetValues<FrameOp>().Length), frames, conversation.TargetObjectId, random));
        }

        if (random.Next(100) < 3)
            applied.Add(MutateHello(hello, random));

        var bytes = new List<byte>(hello);
        foreach (byte[] frame in frames)
            bytes.AddRange(frame);
        byte[] stream = bytes.ToArray();

        int roll = random.Next(100);
        if (roll < 15)
            applied.Add(FlipStreamBits(stream, random));
        else if (roll < 25)
        {
            int cut = random.Next(stream.Length);
            stream = stream.AsSpan(0, cut).ToArray();
            applied.Add($"truncate at {cut}");
        }
        else if (roll < 30)
        {
            byte[] garbage = new byte[1 + random.Next(32)];
            random.NextBytes(garbage);
            stream = [.. stream, .. garbage];
            applied.Add($"append {garbage.Length} random bytes");
        }

        return new MutatedConversation(conversation.Name, stream, applied.Count == 0 ? "intact" : string.Join("; ", applied), Plan(stream, random));
    }

    /// <summary>Split points, resolve barriers and an ending for <paramref name="stream"/>.</summary>
    public SendPlan Plan(byte[] stream, Random random)
    {
        WireParse parse = WireParser.CheckHello(stream) == HelloCheck.Valid
            ? WireParser.Parse(stream, WireType.HelloSize, _maxFrame)
            : new WireParse([], WireStop.End, 0);
        var barriers = new List<(int, uint)>();
        foreach (WireFrame frame in parse.Frames)
        {
            if (frame.Type == WireType.Request && CallDecoder.ObjectId(frame.Payload(stream)) == 0)
                barriers.Add((frame.End, frame.CallId));
        }

        var cuts = new SortedSet<int>(barriers.Select(static b => b.Item1)) { stream.Length };
        int mode = random.Next(100);
        if (mode < 30)
        {
            foreach (WireFrame frame in parse.Frames)
                cuts.Add(frame.End);
        }
        else if (mode < 55 || (mode < 65 && stream.Length > 600))
        {
            int largest = random.Next(2) == 0 ? 16 : 512;
            largest = Math.Max(largest, stream.Length / MaxWrites + 1);
            for (int at = random.Next(1, largest + 1); at < stream.Length; at += random.Next(1, largest + 1))
                cuts.Add(at);
        }
        else if (mode < 65)
        {
            for (int at = 1; at < stream.Length; at++)
                cuts.Add(at);
        }

        cuts.RemoveWhere(static c => c <= 0);
        int ending = random.Next(100);
        return new SendPlan(cuts.ToArray(), barriers.ToArray(), ending < 84 ? Ending.HalfClose : ending < 92 ? Ending.Close : Ending.Reset);
    }

    private string Apply(FrameOp op, List<byte[]> frames, uint target, Random random)
    {
        int index = frames.Count == 0 ? 0 : random.Next(frames.Count);
        byte[]? frame = frames.Count == 0 ? null : frames[index];
        switch (op)
        {
            case FrameOp.FlipBits when frame is not null:
            {
                int flips = 1 + random.Next(4);
                for (int i = 0; i < flips; i++)
                {
                    int at = random.Next(frame.Length);
                    frame[at] ^= (byte)(1 << random.Next(8));
                }

                return $"flip {flips} bits in frame {index}";
            }
            case FrameOp.SetLength when frame is not null:
            {
                int payload = frame.Length - WireType.HeaderSize;
                uint[] lengths = [0, 1, (uint)Math.Max(0, payload - 1), (uint)payload + 1, _maxFrame, _maxFrame + 1, int.MaxValue, uint.MaxValue, (uint)random.Next()];
                uint length = lengths[random.Next(lengths.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(frame, length);
                return $"set length of frame {index} to {length}";
            }
            case FrameOp.SetInnerLength when frame is not null && frame.Length >= WireType.HeaderSize + 10:
            {
                int at = WireType.HeaderSize + 6 + random.Next(frame.Length - WireType.HeaderSize - 9);
                int remaining = frame.Length - at - 4;
                int[] values = [-1, -2, int.MinValue, int.MaxValue, int.MaxValue - 1, remaining, remaining + 1, 0, 0x10000];
                int value = values[random.Next(values.Length)];
                BinaryPrimitives.WriteInt32LittleEndian(frame.AsSpan(at), value);
                return $"write {value} at byte {at} of frame {index}";
            }
            case FrameOp.SetType when frame is not null:
            {
                byte type = random.Next(2) == 0 ? (byte)random.Next(1, WireType.Last + 1) : (byte)random.Next(256);
                frame[4] = type;
                return $"set type of frame {index} to {type}";
            }
            case FrameOp.SetMethod when frame is not null && frame.Length >= WireType.HeaderSize + 6:
            {
                ushort method = random.Next(4) == 0 ? (ushort)random.Next(65536) : (ushort)random.Next(FuzzMethods.Last + 3);
                BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(WireType.HeaderSize + 4), method);
                return $"set method of frame {index} to {method}";
            }
            case FrameOp.SetObjectId when frame is not null && frame.Length >= WireType.HeaderSize + 4:
            {
                uint[] ids = [0, target, target + 1, 2, uint.MaxValue, (uint)random.Next()];
                uint id = ids[random.Next(ids.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(WireType.HeaderSize), id);
                return $"set object id of frame {index} to {id}";
            }
            case FrameOp.DuplicateFrame when frame is not null:
            {
                int at = index + 1 + random.Next(frames.Count - index);
                frames.Insert(at, (byte[])frame.Clone());
                return $"duplicate frame {index} at {at}";
            }
            case FrameOp.DuplicateCallId when frame is not null:
            {
                int earlier = random.Next(index + 1);
                uint id = BinaryPrimitives.ReadUInt32LittleEndian(frames[earlier].AsSpan(5));
                BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(5), id);
                return $"give frame {index} the call id {id} of frame {earlier}";
            }
            case FrameOp.DropFrame when frame is not null:
                frames.RemoveAt(index);
                return $"drop frame {index}";
            case FrameOp.SwapFrames when frames.Count >= 2:
            {
                int other = random.Next(frames.Count);
                (frames[index], frames[other]) = (frames[other], frames[index]);
                return $"swap frames {index} and {other}";
            }
            case FrameOp.NestingBomb:
            {
                int[] depths = [511, 512, 513, 600, 5000, random.Next(1, (int)Math.Min(_maxFrame / 10 - 4, 200_000))];
                int depth = depths[random.Next(depths.Length)];
                var payload = new List<byte>(depth * 10 + 32);
                FrameBuilder.CallHead(payload, target, FuzzMethods.Depth);
                FrameBuilder.Chain(payload, depth);
                // A chain the wire allows carries its true checksum: the server must call the target with it.
                long checksum = depth <= 512 ? CallFingerprint.Depth(ChainOf(depth)) : random.NextInt64();
                FrameBuilder.Int64(payload, checksum);
                frames.Insert(index, FrameBuilder.Frame(WireType.Request, NewCallId(random), payload.ToArray()));
                return $"insert a chain {depth} deep at {index}";
            }
            case FrameOp.CountBomb:
            {
                var payload = new List<byte>();
                ushort method = random.Next(3) switch { 0 => FuzzMethods.Count, 1 => FuzzMethods.Sum, _ => FuzzMethods.Echo };
                FrameBuilder.CallHead(payload, target, method);
                int claimed = random.Next(2) == 0 ? int.MaxValue : 1 << random.Next(10, 31);
                FrameBuilder.UInt32(payload, (uint)claimed);
                for (int i = random.Next(16); i > 0; i--)
                    payload.Add((byte)random.Next(256));
                frames.Insert(index, FrameBuilder.Frame(WireType.Request, NewCallId(random), payload.ToArray()));
                return $"insert method {method} claiming {claimed} elements at {index}";
            }
            case FrameOp.BogusAnswer:
            {
                byte[] types = [WireType.RetVal, WireType.Exception, WireType.Yield, WireType.NullMsg];
                byte type = types[random.Next(types.Length)];
                byte[] payload = new byte[random.Next(12)];
                random.NextBytes(payload);
                frames.Insert(index, FrameBuilder.Frame(type, NewCallId(random), payload));
                return $"insert an answer of type {type} to a call never made at {index}";
            }
            case FrameOp.Release:
            {
                var payload = new List<byte>();
                int entries = random.Next(4);
                FrameBuilder.UInt32(payload, random.Next(4) == 0 ? (uint)random.Next() : (uint)entries);
                for (int i = 0; i < entries; i++)
                {
                    FrameBuilder.UInt32(payload, random.Next(3) == 0 ? (uint)random.Next() : target);
                    FrameBuilder.UInt32(payload, random.Next(3) == 0 ? uint.MaxValue : 1);
                }

                frames.Insert(index, FrameBuilder.Frame(WireType.Release, 0, payload.ToArray()));
                return $"insert a RELEASE of {entries} entries at {index}";
            }
            case FrameOp.Credit:
            {
                var payload = new List<byte>();
                uint[] counts = [0, 1, 64, uint.MaxValue];
                FrameBuilder.UInt32(payload, counts[random.Next(counts.Length)]);
                uint id = frame is not null ? BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(5)) : NewCallId(random);
                frames.Insert(index, FrameBuilder.Frame(WireType.Credit, id, payload.ToArray()));
                return $"insert a CREDIT for call {id} at {index}";
            }
            case FrameOp.Cancel:
            {
                uint id = frame is not null && random.Next(2) == 0 ? BinaryPrimitives.ReadUInt32LittleEndian(frame.AsSpan(5)) : NewCallId(random);
                frames.Insert(index + random.Next(2), FrameBuilder.Frame(WireType.Cancel, id, []));
                return $"insert a CANCEL for call {id} near {index}";
            }
            case FrameOp.GarbageFrame:
            {
                byte[] payload = new byte[random.Next(64)];
                random.NextBytes(payload);
                byte type = (byte)random.Next(1, WireType.Last + 1);
                frames.Insert(index, FrameBuilder.Frame(type, NewCallId(random), payload));
                return $"insert a type {type} frame of {payload.Length} random bytes at {index}";
            }
            case FrameOp.Discard:
            {
                // Rarely one longer than the server's max frame: it must be skipped as it arrives, never buffered.
                int length = random.Next(50) == 0 ? (int)_maxFrame + 1 + random.Next(1024) : random.Next(256);
                byte[] payload = new byte[length];
                random.NextBytes(payload);
                frames.Insert(index, FrameBuilder.Frame(WireType.Discard, (uint)random.Next(), payload));
                return $"insert a DISCARD of {length} bytes at {index}";
            }
            case FrameOp.Flood when frame is not null:
            {
                // Many copies of one frame, same call id and all: duplicate active ids and the call limits at once.
                int copies = random.Next(20, 400);
                for (int i = 0; i < copies; i++)
                    frames.Insert(index, (byte[])frame.Clone());
                return $"repeat frame {index} {copies} times";
            }
            case FrameOp.Authenticate:
            {
                // The authenticate call (§1.3) where no server asked for one: only valid first, and only when asked.
                var payload = new List<byte>();
                FrameBuilder.CallHead(payload, 0, 2);
                foreach (string? text in random.Next(3) == 0 ? new string?[] { null, null } : ["Bearer", new string('t', random.Next(64))])
                {
                    byte[]? utf8 = text is null ? null : System.Text.Encoding.UTF8.GetBytes(text);
                    FrameBuilder.UInt32(payload, utf8 is null ? uint.MaxValue : (uint)utf8.Length);
                    payload.AddRange(utf8 ?? []);
                }

                frames.Insert(index, FrameBuilder.Frame(WireType.Request, NewCallId(random), payload.ToArray()));
                return $"insert an authenticate call at {index}";
            }
            default:
                return $"{op} skipped";
        }
    }

    private static string MutateHello(byte[] hello, Random random)
    {
        switch (random.Next(4))
        {
            case 0:
                int at = random.Next(4);
                hello[at] ^= (byte)(1 << random.Next(8));
                return $"break the hello's magic at byte {at}";
            case 1:
                ushort version = (ushort)(random.Next(2) == 0 ? 2 : random.Next(65536));
                BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(4), version);
                return $"set the hello's version to {version}";
            case 2:
                uint[] maxima = [0, 1023, 1024, uint.MaxValue];
                uint max = maxima[random.Next(maxima.Length)];
                BinaryPrimitives.WriteUInt32LittleEndian(hello.AsSpan(8), max);
                return $"set the hello's max frame to {max}";
            default:
                BinaryPrimitives.WriteUInt16LittleEndian(hello.AsSpan(6), (ushort)random.Next(65536));
                return "set the hello's flags";
        }
    }

    private static string FlipStreamBits(byte[] stream, Random random)
    {
        if (stream.Length == 0)
            return "flip no bits in an empty stream";
        int flips = 1 + random.Next(8);
        // Mostly past the hello: flipping it only exercises the handshake, which the hello mutations already do.
        int from = random.Next(10) == 0 || stream.Length <= WireType.HelloSize ? 0 : WireType.HelloSize;
        for (int i = 0; i < flips; i++)
            stream[random.Next(from, stream.Length)] ^= (byte)(1 << random.Next(8));
        return $"flip {flips} bits in the stream";
    }

    // A third of made-up ids are small and collide with the recorded client's own; the rest are far above them.
    private static uint NewCallId(Random random) => random.Next(3) == 0 ? (uint)random.Next(1, 8) : (uint)random.Next(1 << 20, int.MaxValue);

    private static Chain? ChainOf(int depth)
    {
        Chain? chain = null;
        for (int i = depth - 1; i >= 0; i--)
            chain = new Chain(i, chain);
        return chain;
    }
}
