using System.Buffers;
using System.Buffers.Binary;
using Romp.CompilerServices;
using Romp.Protocol;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

/// <summary>The call header after a method id (docs/protocol.md §4.1): its exact bytes, and what a reader refuses.</summary>
public sealed class CallHeaderTests
{
    [Test]
    public void Write_WithDeadline_SetsTopBitThenLengthTagSizeAndMilliseconds()
    {
        byte[] bytes = Written(new CallHeader(2000), methodId: 3);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0x03, 0x80, 0x06, 0x00, 0x01, 0x04, 0xD0, 0x07, 0x00, 0x00 }));
    }

    [Test]
    public void Write_WithoutHeader_WritesTheMethodIdAlone()
    {
        byte[] bytes = Written(default, methodId: 3);

        Assert.That(bytes, Is.EqualTo(new byte[] { 0x03, 0x00 }));
    }

    [Test]
    public void Read_DeadlineAndUnknownTag_SkipsTheTagAndReturnsTheDeadline()
    {
        // An unknown tag 9 of three bytes, then the deadline (250 ms), then an argument the header must leave alone.
        byte[] bytes = [0x0B, 0x00, 0x09, 0x03, 0xAA, 0xBB, 0xCC, 0x01, 0x04, 0xFA, 0x00, 0x00, 0x00, 0x2A];
        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(bytes), Segments.Split(bytes) })
        {
            var reader = new RompReader(input);
            Assert.That(CallHeader.Read(ref reader), Is.EqualTo(250u));
            Assert.That(reader.ReadByte(), Is.EqualTo(0x2A));
        }
    }

    [Test]
    public void Read_EmptyHeader_ReturnsNoDeadline()
    {
        var reader = new RompReader(new ReadOnlySequence<byte>(new byte[] { 0x00, 0x00 }));

        Assert.That(CallHeader.Read(ref reader), Is.Null);
    }

    [Test]
    public void Read_EveryTruncation_IsInvalidMessage()
    {
        byte[] header = Written(new CallHeader(2000), methodId: 3)[2..];
        for (int cut = 0; cut < header.Length; cut++)
        {
            foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(header, 0, cut), Segments.Split(header[..cut]) })
            {
                RompException? error = Assert.Throws<RompException>(() =>
                {
                    var reader = new RompReader(input);
                    CallHeader.Read(ref reader);
                }, $"cut at {cut}");
                Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
            }
        }
    }

    [TestCase(new byte[] { 0x07, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00 }, "overruns", TestName = "Read_LengthOverrunsPayload_IsInvalidMessage")]
    [TestCase(new byte[] { 0x04, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00 }, "overruns", TestName = "Read_EntryOverrunsHeader_IsInvalidMessage")]
    [TestCase(new byte[] { 0x01, 0x00, 0x01 }, "cut off", TestName = "Read_EntryCutOffInsideHeader_IsInvalidMessage")]
    [TestCase(new byte[] { 0x04, 0x00, 0x01, 0x02, 0x64, 0x00 }, "4 bytes", TestName = "Read_DeadlineOfTwoBytes_IsInvalidMessage")]
    [TestCase(new byte[] { 0x0C, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00, 0x01, 0x04, 0x64, 0x00, 0x00, 0x00 }, "two deadlines", TestName = "Read_TwoDeadlines_IsInvalidMessage")]
    public void Read_Malformed_IsInvalidMessage(byte[] bytes, string says)
    {
        RompException? error = Assert.Throws<RompException>(() =>
        {
            var reader = new RompReader(new ReadOnlySequence<byte>(bytes));
            CallHeader.Read(ref reader);
        });

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.Contain(says));
    }

    [Test]
    public void Read_WhatWriteWrote_RoundTripsTheMilliseconds()
    {
        byte[] bytes = Written(new CallHeader(uint.MaxValue - 1), methodId: CallHeader.MaxMethodId);
        Assert.That(BinaryPrimitives.ReadUInt16LittleEndian(bytes), Is.EqualTo(0xFFFF));
        var reader = new RompReader(new ReadOnlySequence<byte>(bytes, 2, bytes.Length - 2));

        Assert.That(CallHeader.Read(ref reader), Is.EqualTo(uint.MaxValue - 1));
        reader.EnsureEnd();
    }

    [Test]
    public void Request_WithDeadline_IsTheProtocolExampleByteForByte()
    {
        var output = new StrictBufferWriter();

        FrameWriter.Write(output, FrameType.Request, 3, new CallBody<AddArgs>(1, 1, new AddArgs(2, 40), new CallHeader(2000)), 1 << 24, connection: null);

        // docs/protocol.md §4.1, the example.
        Assert.That(Convert.ToHexString(output.Committed), Is.EqualTo(
            "160000000103000000" + "01000000" + "0180" + "0600" + "0104D0070000" + "0200000028000000"));
    }

    [Test]
    public void RequestBlock_WithDeadline_PutsTheCreditAfterTheHeader()
    {
        var output = new StrictBufferWriter();

        FrameWriter.Write(output, FrameType.RequestBlock, 3, new StreamCallBody<AddArgs>(1, 1, 64, new AddArgs(2, 40), new CallHeader(2000)), 1 << 24, connection: null);

        Assert.That(Convert.ToHexString(output.Committed), Is.EqualTo(
            "1A0000000203000000" + "01000000" + "0180" + "0600" + "0104D0070000" + "40000000" + "0200000028000000"));
    }

    private readonly struct AddArgs(int a, int b) : IRompArgs
    {
        public void Write(ref RompWriter writer)
        {
            writer.WriteInt32(a);
            writer.WriteInt32(b);
        }
    }

    private static byte[] Written(CallHeader header, ushort methodId)
    {
        var output = new ArrayBufferWriter<byte>();
        var writer = new RompWriter(output, null);
        header.Write(ref writer, methodId);
        writer.Commit();
        return output.WrittenSpan.ToArray();
    }
}
