using Romp.Fuzz.Wire;

namespace Romp.Fuzz.Recording;

/// <summary>What one real client sent on one connection, hello first, cut into its frames.</summary>
internal sealed class Conversation
{
    public Conversation(string name, byte[] hello, byte[][] frames, uint targetObjectId)
    {
        Name = name;
        Hello = hello;
        Frames = frames;
        TargetObjectId = targetObjectId;
    }

    public string Name { get; }

    public byte[] Hello { get; }

    /// <summary>Each frame whole: header and payload.</summary>
    public byte[][] Frames { get; }

    /// <summary>The object id the target had on the recorded connection; a replay on a fresh connection gets the same.</summary>
    public uint TargetObjectId { get; }

    /// <summary>Cuts a recording into hello and frames; a recording that is not a clean frame stream is a recorder bug.</summary>
    public static Conversation FromRecording(string name, byte[] recording)
    {
        if (WireParser.CheckHello(recording) != HelloCheck.Valid)
            throw new InvalidOperationException($"The '{name}' recording does not start with a valid hello.");
        WireParse parse = WireParser.Parse(recording, WireType.HelloSize, uint.MaxValue);
        if (parse.Stop != WireStop.End)
            throw new InvalidOperationException($"The '{name}' recording stops at byte {parse.StopOffset}: {parse.Stop}.");
        var frames = new byte[parse.Frames.Count][];
        uint target = 1;
        bool found = false;
        for (int i = 0; i < frames.Length; i++)
        {
            WireFrame frame = parse.Frames[i];
            frames[i] = recording.AsSpan(frame.Offset, frame.End - frame.Offset).ToArray();
            if (!found && WireType.IsCall(frame.Type) && CallDecoder.ObjectId(frame.Payload(recording)) is > 0 and uint id)
            {
                target = id;
                found = true;
            }
        }

        return new Conversation(name, recording.AsSpan(0, WireType.HelloSize).ToArray(), frames, target);
    }

    /// <summary>The conversation as the client sent it.</summary>
    public byte[] ToBytes()
    {
        var bytes = new List<byte>(Hello);
        foreach (byte[] frame in Frames)
            bytes.AddRange(frame);
        return bytes.ToArray();
    }
}
