using System.Buffers;

namespace Romp.Tests.Support;

/// <summary>Builds multi-segment sequences, so that parsers are tested on every way a buffer can be split.</summary>
public static class Segments
{
    /// <summary>One segment per byte: every boundary falls between segments.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes)
    {
        if (bytes.Length == 0)
            return ReadOnlySequence<byte>.Empty;
        var first = new Segment(bytes.AsMemory(0, 1), 0);
        Segment last = first;
        for (int i = 1; i < bytes.Length; i++)
            last = last.Append(bytes.AsMemory(i, 1));
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
