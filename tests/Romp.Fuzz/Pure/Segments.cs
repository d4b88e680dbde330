using System.Buffers;

namespace Romp.Fuzz.Pure;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, the way a pipe hands over bytes that arrived in pieces.</summary>
internal static class Segments
{
    public static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> data, Random random)
    {
        int pieces = data.Length <= 1 ? 1 : random.Next(4) switch { 0 => 1, 1 => 2, 2 => Math.Min(data.Length, 8), _ => Math.Min(data.Length, 64) };
        if (pieces == 1)
            return new ReadOnlySequence<byte>(data);
        var cuts = new SortedSet<int> { data.Length };
        while (cuts.Count < pieces)
            cuts.Add(random.Next(1, data.Length));
        Segment? first = null, last = null;
        int start = 0;
        foreach (int cut in cuts)
        {
            var segment = new Segment(data.Slice(start, cut - start), start);
            if (last is null)
                first = segment;
            else
                last.Append(segment);
            last = segment;
            start = cut;
        }

        return new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public void Append(Segment next) => Next = next;
    }
}
