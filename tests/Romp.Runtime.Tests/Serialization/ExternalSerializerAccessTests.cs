using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>
/// What another serializer (Romp.MemoryPack's formatter) writes and reads through: <see cref="RompWriter.GetSpan"/> and
/// <see cref="RompWriter.Advance"/> into the writer's own buffer, <see cref="RompReader.ReadSlice"/> out of the payload.
/// </summary>
[TestFixture]
public sealed class ExternalSerializerAccessTests
{
    [Test]
    public void GetSpan_WrittenAndAdvancedBehindAPrefix_FollowsThePrefixInOneAdvance()
    {
        var output = new StrictBufferWriter();

        RompSerializer.Serialize(output, 300, new SpanFormatter());

        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        output.AssertNoWriteAfterHandOver();
        byte[] bytes = output.Committed;
        Assert.That(BitConverter.ToInt32(bytes, 0), Is.EqualTo(300), "the prefix measures what was advanced");
        Assert.That(bytes.Skip(4), Is.EqualTo(Enumerable.Range(0, 300).Select(static i => (byte)i)));
    }

    [Test]
    public void GetSpan_LargerThanTheBuffer_KeepsWhatWasWrittenBefore()
    {
        byte[] bytes = RompSerializer.Serialize(100_000, new SpanFormatter());

        Assert.That(bytes, Has.Length.EqualTo(100_004));
        Assert.That(RompSerializer.Deserialize(bytes, new SpanFormatter()), Is.EqualTo(100_000));
    }

    [Test]
    public void Advance_PastTheSpan_Throws()
    {
        ArgumentOutOfRangeException? error = null;
        var writer = new RompWriter(new ArrayBufferWriter<byte>(), connection: null);
        int free = writer.GetSpan(16).Length;
        try
        {
            writer.Advance(free + 1);
        }
        catch (ArgumentOutOfRangeException e)
        {
            error = e;
        }

        Assert.That(error, Is.Not.Null);
        writer.Advance(free);
        Assert.That(writer.Written, Is.EqualTo(free));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void ReadSlice_OneSegmentOrSplitAtEveryByte_ReturnsTheBytesInPlace(bool split)
    {
        byte[] bytes = RompSerializer.Serialize(40, new SpanFormatter());
        ReadOnlySequence<byte> data = split ? Segments.Split(bytes) : new ReadOnlySequence<byte>(bytes);

        var reader = new RompReader(data);
        int length = reader.ReadLength();
        ReadOnlySequence<byte> slice = reader.ReadSlice(length);

        Assert.That(slice.ToArray(), Is.EqualTo(bytes.AsSpan(4).ToArray()));
        Assert.That(slice.Start.GetObject(), Is.SameAs(data.Slice(4).Start.GetObject()), "a slice of the payload, not a copy");
        Assert.That(reader.Remaining, Is.Zero);
    }

    [Test]
    public void TryReadSpan_InOneSegment_ReturnsTheBytesInPlace()
    {
        byte[] bytes = [1, 2, 3, 4, 5];
        var reader = new RompReader(new ReadOnlySequence<byte>(bytes));
        reader.ReadByte();

        bool read = reader.TryReadSpan(3, out ReadOnlySpan<byte> span);

        Assert.That(read, Is.True);
        Assert.That(span.ToArray(), Is.EqualTo(new byte[] { 2, 3, 4 }));
        Assert.That(Unsafe.AreSame(ref MemoryMarshal.GetReference(span), ref bytes[1]), Is.True, "the payload's own bytes, not a copy");
        Assert.That(reader.Remaining, Is.EqualTo(1));
    }

    [TestCase(-1)]
    [TestCase(6)]
    public void TryReadSpan_NegativeOrPastTheEnd_ReadsNothing(int length)
    {
        var reader = new RompReader(new ReadOnlySequence<byte>(new byte[5]));

        Assert.That(reader.TryReadSpan(length, out ReadOnlySpan<byte> span), Is.False);
        Assert.That(span.IsEmpty, Is.True);
        Assert.That(reader.Remaining, Is.EqualTo(5));
    }

    [Test]
    public void TryReadSpan_AcrossSegments_ReadsNothingAndReadSliceStillCan()
    {
        var reader = new RompReader(Segments.Split([1, 2, 3]));

        Assert.That(reader.TryReadSpan(2, out _), Is.False);
        Assert.That(reader.ReadSlice(2).ToArray(), Is.EqualTo(new byte[] { 1, 2 }));
        Assert.That(reader.TryReadSpan(1, out ReadOnlySpan<byte> last), Is.True, "the last byte is one segment");
        Assert.That(last[0], Is.EqualTo(3));
    }

    [TestCase(-1)]
    [TestCase(5)]
    public void ReadSlice_NegativeOrPastTheEnd_IsInvalidMessage(int length)
    {
        RompException? error = null;
        var reader = new RompReader(new ReadOnlySequence<byte>(new byte[4]));
        try
        {
            reader.ReadSlice(length);
        }
        catch (RompException e)
        {
            error = e;
        }

        Assert.That(error?.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(reader.Remaining, Is.EqualTo(4), "nothing was consumed");
    }

    // Writes an int n as a length prefix and the bytes 0, 1, ... n-1, through GetSpan and Advance.
    private sealed class SpanFormatter : IRompFormatter<int>
    {
        public void Write(ref RompWriter writer, int value)
        {
            LengthPrefix prefix = writer.BeginLengthPrefix();
            Span<byte> span = writer.GetSpan(value);
            for (int i = 0; i < value; i++)
                span[i] = (byte)i;
            writer.Advance(value);
            writer.EndLengthPrefix(prefix);
        }

        public int Read(ref RompReader reader)
        {
            int length = reader.ReadLength();
            ReadOnlySequence<byte> slice = reader.ReadSlice(length);
            int i = 0;
            foreach (ReadOnlyMemory<byte> segment in slice)
            {
                foreach (byte b in segment.Span)
                {
                    if (b != (byte)i++)
                        throw new RompException(RompError.InvalidMessage, "wrong byte");
                }
            }

            return length;
        }
    }
}
