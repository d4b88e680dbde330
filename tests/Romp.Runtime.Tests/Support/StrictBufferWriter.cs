using System.Buffers;

namespace Romp.Tests.Support;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> that holds its callers to the contract: every <see cref="GetSpan"/> or
/// <see cref="GetMemory"/> hands out a fresh array of exactly the size asked for (a small default for 0), filled with
/// garbage so that nothing may assume zeroed memory, and an array stops being the caller's as soon as it calls Advance
/// or asks for another one.
/// From then on the array is snapshotted, and <see cref="AssertNoWriteAfterHandOver"/> fails if it ever changes: a
/// write after Advance, or into a span given up for a larger one, corrupts a real pipe's memory.
/// </summary>
public sealed class StrictBufferWriter : IBufferWriter<byte>
{
    private const byte Garbage = 0xCD;
    private const int DefaultSize = 4096;

    private readonly List<byte> _committed = new();
    private readonly List<(byte[] Array, byte[] Snapshot, string How)> _handedOver = new();
    private byte[]? _current;

    /// <summary>What was advanced, in order.</summary>
    public byte[] Committed => _committed.ToArray();

    /// <summary>How many times Advance was called (with any count, zero included).</summary>
    public int AdvanceCount { get; private set; }

    /// <summary>How many buffers were handed out.</summary>
    public int BufferCount { get; private set; }

    /// <summary>The size of the largest buffer handed out.</summary>
    public int LargestBuffer { get; private set; }

    public void Advance(int count)
    {
        if (_current is null)
            throw new InvalidOperationException($"Advance({count}) without a buffer: the previous one was already advanced or never asked for.");
        if ((uint)count > (uint)_current!.Length)
            throw new InvalidOperationException($"Advance({count}) past the end of a {_current.Length}-byte buffer.");
        _committed.AddRange(_current.AsSpan(0, count).ToArray());
        AdvanceCount++;
        HandOver("advanced");
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => NewBuffer(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => NewBuffer(sizeHint);

    /// <summary>Throws if any array given back (advanced, or replaced by a newer one) was written to afterwards.</summary>
    public void AssertNoWriteAfterHandOver()
    {
        for (int i = 0; i < _handedOver.Count; i++)
        {
            (byte[] array, byte[] snapshot, string how) = _handedOver[i];
            int changed = array.AsSpan().CommonPrefixLength(snapshot);
            if (changed < array.Length)
                throw new InvalidOperationException($"Buffer #{i} ({array.Length} bytes) was written at offset {changed} after it was {how}.");
        }
    }

    private byte[] NewBuffer(int sizeHint)
    {
        if (sizeHint < 0)
            throw new InvalidOperationException($"Negative sizeHint {sizeHint}.");
        HandOver("replaced by a newer buffer");
        var array = new byte[sizeHint == 0 ? DefaultSize : sizeHint];
        array.AsSpan().Fill(Garbage);
        _current = array;
        BufferCount++;
        LargestBuffer = Math.Max(LargestBuffer, array.Length);
        return array;
    }

    private void HandOver(string how)
    {
        if (_current is null)
            return;
        _handedOver.Add((_current, _current.ToArray(), how));
        _current = null;
    }
}
