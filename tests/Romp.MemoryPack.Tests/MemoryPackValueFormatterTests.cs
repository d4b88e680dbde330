using System.Buffers;
using System.Buffers.Binary;
using MemoryPack;
using Romp.CompilerServices;
using Romp.MemoryPackTests.Contracts;
using Romp.Tests.Support;

namespace Romp.MemoryPackTests;

/// <summary>
/// The formatter alone: Romp's length prefix, then exactly MemoryPack's own bytes; null as Romp's -1; malformed bytes
/// as <see cref="RompError.InvalidMessage"/> and nothing else.
/// </summary>
[TestFixture]
public sealed class MemoryPackValueFormatterTests
{
    private static readonly MemoryPackValueFormatter<Order?> s_order = MemoryPackValueFormatter<Order?>.Instance;

    [Test]
    public void Write_Order_IsLengthPrefixThenMemoryPacksBytes()
    {
        Order order = Order.Sample(4);

        byte[] bytes = RompSerializer.Serialize(order, s_order);

        byte[] memoryPack = MemoryPackSerializer.Serialize(order);
        Assert.That(BinaryPrimitives.ReadInt32LittleEndian(bytes), Is.EqualTo(memoryPack.Length));
        Assert.That(bytes.AsSpan(4).ToArray(), Is.EqualTo(memoryPack));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Read_OneSegmentOrSplitAtEveryByte_ReadsTheOrder(bool split)
    {
        Order order = Order.Sample(7);
        byte[] bytes = RompSerializer.Serialize(order, s_order);

        Order? read = RompSerializer.Deserialize(split ? Segments.Split(bytes) : new ReadOnlySequence<byte>(bytes), s_order);

        Assert.That(read?.Describe(), Is.EqualTo(order.Describe()));
    }

    [Test]
    public void Write_IntoStrictWriter_AdvancesOnceAndNeverWritesAfter()
    {
        var output = new StrictBufferWriter();

        RompSerializer.Serialize(output, Order.Sample(3), s_order);

        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        output.AssertNoWriteAfterHandOver();
        Assert.That(RompSerializer.Deserialize(output.Committed, s_order)?.Describe(), Is.EqualTo(Order.Sample(3).Describe()));
    }

    [Test]
    public void Null_WritesMinusOneAndReadsNull()
    {
        byte[] bytes = RompSerializer.Serialize(null, s_order);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }));
        Assert.That(RompSerializer.Deserialize(bytes, s_order), Is.Null);
    }

    [Test]
    public void Read_NullForAStruct_IsInvalidMessage() =>
        AssertInvalid(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF }, MemoryPackValueFormatter<Point>.Instance);

    [TestCase(1_000)]
    [TestCase(300_000)]
    public void Write_LargerThanTheFreeSpan_SpillsOnceThenWritesInPlace(int size)
    {
        // The first write learns the size (up to its cap); the second asks for that much space first. Same bytes either way.
        Blob blob = Blob.Of(size);
        var first = new StrictBufferWriter();
        var second = new StrictBufferWriter();

        RompSerializer.Serialize(first, blob, MemoryPackValueFormatter<Blob>.Instance);
        RompSerializer.Serialize(second, blob, MemoryPackValueFormatter<Blob>.Instance);

        first.AssertNoWriteAfterHandOver();
        second.AssertNoWriteAfterHandOver();
        Assert.That(second.Committed, Is.EqualTo(first.Committed));
        Assert.That(first.Committed.AsSpan(4).ToArray(), Is.EqualTo(MemoryPackSerializer.Serialize(blob)));
        Blob read = RompSerializer.Deserialize(Segments.Split(first.Committed), MemoryPackValueFormatter<Blob>.Instance);
        Assert.That(read.Data, Is.EqualTo(blob.Data));
        Assert.That(read.Text, Is.EqualTo(blob.Text));
    }

    [Test]
    public void Read_BytesLeftInsideThePrefix_IsInvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize(Order.Sample(1), s_order);
        byte[] longer = [.. bytes, 0];
        BinaryPrimitives.WriteInt32LittleEndian(longer, bytes.Length - 4 + 1);

        RompException error = AssertInvalid(longer, s_order);
        Assert.That(error.Message, Does.Contain("1 unexpected bytes follow a Order value"));
    }

    [Test]
    public void Read_PrefixLongerThanThePayload_IsInvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize(Order.Sample(1), s_order);
        BinaryPrimitives.WriteInt32LittleEndian(bytes, bytes.Length);

        RompException error = AssertInvalid(bytes, s_order);
        Assert.That(error.Message, Does.Contain("does not fit"));
    }

    [Test]
    public void Read_MemoryPackBytesCutShort_IsInvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize(Order.Sample(1), s_order);
        for (int cut = 1; cut < bytes.Length - 4; cut++)
        {
            byte[] shorter = bytes.AsSpan(0, bytes.Length - cut).ToArray();
            BinaryPrimitives.WriteInt32LittleEndian(shorter, shorter.Length - 4);
            RompException error = AssertInvalid(shorter, s_order);
            Assert.That(error.Message, Does.Contain("Order"), $"cut {cut}");
        }
    }

    [Test]
    public void Read_MutatedBytes_ReadAValueOrAreInvalidMessage()
    {
        // Whatever a peer sends inside the prefix, the reader either gets a value or InvalidMessage: nothing else escapes.
        byte[] valid = RompSerializer.Serialize(Order.Sample(5), s_order);
        var random = new Random(20240501);
        int invalid = 0;
        for (int round = 0; round < 5_000; round++)
        {
            byte[] bytes = (byte[])valid.Clone();
            int flips = random.Next(1, 4);
            for (int f = 0; f < flips; f++)
                bytes[random.Next(4, bytes.Length)] = (byte)random.Next(256);
            try
            {
                RompSerializer.Deserialize(bytes, s_order);
            }
            catch (RompException error) when (error.Error == RompError.InvalidMessage)
            {
                invalid++;
            }
        }

        Assert.That(invalid, Is.GreaterThan(0), "some mutations must be malformed");
    }

    private static RompException AssertInvalid<T>(byte[] bytes, IRompFormatter<T> formatter)
    {
        RompException error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, formatter))!;
        Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage), error.Message);
        return error;
    }
}
