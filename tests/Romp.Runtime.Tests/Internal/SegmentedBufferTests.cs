using System.Buffers;
using Romp.Internal;
using Romp.Tests.Support;

namespace Romp.Tests.Internal;

/// <summary>The staging buffer behind a flush in progress: bytes keep their order across segments, and MoveTo hands them all over once.</summary>
[TestFixture]
public sealed class SegmentedBufferTests
{
    [Test]
    public void MoveTo_WritesSpanningManySegments_KeepsEveryByteInOrder()
    {
        var buffer = new SegmentedBuffer();
        var expected = new List<byte>();
        int value = 0;
        // 300 KB in writes of uneven sizes, asking for more than is used each time: several 64 KB segments, and writes
        // that do not fit the rest of one start the next.
        for (int i = 0; i < 600; i++)
        {
            int size = 1 + (i * 37 % 1000);
            Span<byte> span = buffer.GetSpan(size + 13);
            Assert.That(span.Length, Is.GreaterThanOrEqualTo(size + 13));
            for (int j = 0; j < size; j++)
            {
                span[j] = (byte)value;
                expected.Add((byte)value);
                value = (value * 31 + 7) % 251;
            }

            buffer.Advance(size);
        }

        Assert.That(expected, Has.Count.GreaterThan(4 * 64 * 1024), "the test must span several segments");
        var output = new StrictBufferWriter();
        buffer.MoveTo(output);

        Assert.That(output.Committed, Is.EqualTo(expected.ToArray()));
        output.AssertNoWriteAfterHandOver();
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void MoveTo_Twice_SecondMovesNothing()
    {
        var buffer = new SegmentedBuffer();
        buffer.Write(new byte[] { 1, 2, 3 });
        var first = new ArrayBufferWriter<byte>();
        var second = new ArrayBufferWriter<byte>();

        buffer.MoveTo(first);
        buffer.MoveTo(second);

        Assert.That(first.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(second.WrittenCount, Is.Zero);
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void MoveTo_ThenWriteAgain_OnlyTheNewBytesMoveNext()
    {
        var buffer = new SegmentedBuffer();
        buffer.Write(new byte[] { 1, 2, 3 });
        buffer.MoveTo(new ArrayBufferWriter<byte>());
        buffer.Write(new byte[] { 4, 5 });
        var output = new ArrayBufferWriter<byte>();

        buffer.MoveTo(output);

        Assert.That(output.WrittenSpan.ToArray(), Is.EqualTo(new byte[] { 4, 5 }));
    }

    [Test]
    public void GetSpan_SizeHintLargerThanASegment_ReturnsOneContiguousSpanThatHoldsIt()
    {
        const int Large = 1_000_000;
        var buffer = new SegmentedBuffer();
        buffer.Write(new byte[] { 0xAA, 0xBB });

        Span<byte> span = buffer.GetSpan(Large);
        Assert.That(span.Length, Is.GreaterThanOrEqualTo(Large));
        for (int i = 0; i < Large; i++)
            span[i] = (byte)(i % 253);
        buffer.Advance(Large);
        buffer.Write(new byte[] { 0xCC });
        var output = new ArrayBufferWriter<byte>();
        buffer.MoveTo(output);

        byte[] moved = output.WrittenSpan.ToArray();
        Assert.That(moved, Has.Length.EqualTo(Large + 3));
        Assert.That(moved[..2], Is.EqualTo(new byte[] { 0xAA, 0xBB }));
        Assert.That(moved[2..^1], Is.EqualTo(Enumerable.Range(0, Large).Select(static i => (byte)(i % 253)).ToArray()));
        Assert.That(moved[^1], Is.EqualTo(0xCC));
    }

    [Test]
    public void IsEmpty_SpanTakenButNothingAdvanced_IsStillEmpty()
    {
        var buffer = new SegmentedBuffer();

        buffer.GetSpan(100)[0] = 1;

        Assert.That(buffer.IsEmpty, Is.True);
        var output = new ArrayBufferWriter<byte>();
        buffer.MoveTo(output);
        Assert.That(output.WrittenCount, Is.Zero, "bytes never advanced are not part of the buffer");
    }

    [Test]
    public void Advance_PastTheSpan_Throws()
    {
        var buffer = new SegmentedBuffer();
        int length = buffer.GetSpan(10).Length;

        Assert.That(() => buffer.Advance(length + 1), Throws.TypeOf<ArgumentOutOfRangeException>());
        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void Advance_WithoutASpan_Throws()
    {
        var buffer = new SegmentedBuffer();

        Assert.That(() => buffer.Advance(1), Throws.TypeOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void Clear_AfterWrites_LeavesNothingToMove()
    {
        var buffer = new SegmentedBuffer();
        buffer.Write(new byte[100_000]);

        buffer.Clear();

        Assert.That(buffer.IsEmpty, Is.True);
        var output = new ArrayBufferWriter<byte>();
        buffer.MoveTo(output);
        Assert.That(output.WrittenCount, Is.Zero);
    }
}
