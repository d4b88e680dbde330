using System.Buffers;
using Romp.Protocol;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

public sealed class FrameReaderTests
{
    private const int Max = 1024;

    private static byte[] TwoFrames() =>
        [.. RawPeer.Frame((byte)FrameType.Request, 7, [1, 2, 3, 4, 5, 6, 9]), .. RawPeer.Frame((byte)FrameType.NullMsg, 8, [])];

    [Test]
    public void TryRead_TwoFramesInOneSegment_ReturnsBothInOrder() =>
        AssertTwoFrames(new ReadOnlySequence<byte>(TwoFrames()));

    [Test]
    public void TryRead_SplitAtEveryByte_ReturnsBothInOrder() =>
        AssertTwoFrames(Segments.Split(TwoFrames()));

    [Test]
    public void TryRead_TruncatedAnywhere_ConsumesNothingAndWaits()
    {
        byte[] frame = RawPeer.Frame((byte)FrameType.Request, 7, [1, 2, 3, 4, 5, 6, 9]);
        for (int cut = 0; cut < frame.Length; cut++)
        {
            foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(frame, 0, cut), Segments.Split(frame[..cut]) })
            {
                ReadOnlySequence<byte> buffer = input;
                Assert.That(FrameReader.TryRead(ref buffer, Max, out _), Is.False, $"cut at {cut}");
                Assert.That(buffer.Length, Is.EqualTo(cut));
            }
        }
    }

    [Test]
    public void TryRead_LengthOverLimit_ThrowsAsSoonAsTheHeaderArrives()
    {
        // Only the header: the payload it claims never has to be buffered for the frame to be refused.
        byte[] header = RawPeer.Frame((byte)FrameType.Request, 1, [], claimedLength: Max + 1);
        foreach (ReadOnlySequence<byte> input in new[] { new ReadOnlySequence<byte>(header), Segments.Split(header) })
        {
            ReadOnlySequence<byte> buffer = input;
            RompException? error = Assert.Throws<RompException>(() => FrameReader.TryRead(ref buffer, Max, out _));
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        }
    }

    [TestCase((byte)0)]
    [TestCase((byte)22)]
    [TestCase((byte)255)]
    public void TryRead_UnknownType_Throws(byte type)
    {
        var buffer = new ReadOnlySequence<byte>(RawPeer.Frame(type, 1, [1]));

        RompException? error = Assert.Throws<RompException>(() => FrameReader.TryRead(ref buffer, Max, out _));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    [Test]
    public void TryReadOversizedDiscard_LargeDiscardFrame_SkipsWhatArrivedAndReportsTheRest()
    {
        byte[] partial = RawPeer.Frame((byte)FrameType.Discard, 0, new byte[100], claimedLength: 5000);
        var buffer = new ReadOnlySequence<byte>(partial);

        Assert.That(FrameReader.TryReadOversizedDiscard(ref buffer, Max, out long remaining), Is.True);

        Assert.That(buffer.IsEmpty, Is.True);
        Assert.That(remaining, Is.EqualTo(4900));
    }

    [Test]
    public void TryReadOversizedDiscard_SmallDiscardFrame_LeftForTheNormalPath()
    {
        var buffer = new ReadOnlySequence<byte>(RawPeer.Frame((byte)FrameType.Discard, 0, new byte[10]));

        Assert.That(FrameReader.TryReadOversizedDiscard(ref buffer, Max, out _), Is.False);
        Assert.That(FrameReader.TryRead(ref buffer, Max, out Frame frame), Is.True);
        Assert.That(frame.Type, Is.EqualTo(FrameType.Discard));
    }

    private static void AssertTwoFrames(ReadOnlySequence<byte> buffer)
    {
        Assert.That(FrameReader.TryRead(ref buffer, Max, out Frame first), Is.True);
        Assert.That(first.Type, Is.EqualTo(FrameType.Request));
        Assert.That(first.CallId, Is.EqualTo(7u));
        Assert.That(first.Payload.ToArray(), Is.EqualTo(new byte[] { 1, 2, 3, 4, 5, 6, 9 }));

        Assert.That(FrameReader.TryRead(ref buffer, Max, out Frame second), Is.True);
        Assert.That((second.Type, second.CallId, second.Payload.Length), Is.EqualTo((FrameType.NullMsg, 8u, 0L)));

        Assert.That(FrameReader.TryRead(ref buffer, Max, out _), Is.False);
        Assert.That(buffer.IsEmpty, Is.True);
    }
}
