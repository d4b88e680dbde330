using System.Buffers;
using Romp.Protocol;
using Romp.Rpc;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Protocol;

/// <summary>
/// The writer contract: a frame is written into one span and advanced once, its length prefixes (and header) filled
/// in before that, and a frame that fails leaves nothing behind. Checked against <see cref="StrictBufferWriter"/>, which
/// fails on any write into memory already given back.
/// </summary>
[TestFixture]
public sealed class FrameWriterTests
{
    private const int Max = 16 * 1024 * 1024;

    [Test]
    public void Write_NestedLengthPrefixesAndGrowingSpan_AdvancesOncePerFrameAndNeverAfter()
    {
        var output = new StrictBufferWriter();
        Catalogue[] bodies = [Catalogue.Create(1), Catalogue.Create(2, scale: 4), Catalogue.Create(3)];

        var sizes = new List<int>();
        for (int i = 0; i < bodies.Length; i++)
        {
            int buffersBefore = output.BufferCount;
            sizes.Add(FrameWriter.Write(output, FrameType.RetVal, (uint)(100 + i), in bodies[i], Max, connection: null));
            Assert.That(output.AdvanceCount, Is.EqualTo(i + 1), $"frame {i} must be advanced exactly once");
            Assert.That(output.BufferCount - buffersBefore, Is.GreaterThanOrEqualTo(5), $"frame {i} must make the span grow several times, or the test proves little");
        }

        output.AssertNoWriteAfterHandOver();
        byte[] written = output.Committed;
        Assert.That(written, Has.Length.EqualTo(sizes.Sum()), "Write returns the bytes each frame took");
        var buffer = new ReadOnlySequence<byte>(written);
        for (int i = 0; i < bodies.Length; i++)
        {
            Assert.That(FrameReader.TryRead(ref buffer, Max, out Frame frame), Is.True, $"frame {i}");
            Assert.That((frame.Type, frame.CallId, frame.Payload.Length + FrameHeader.Size), Is.EqualTo((FrameType.RetVal, (uint)(100 + i), (long)sizes[i])));
            var reader = new RompReader(frame.Payload);
            bodies[i].AssertReadBack(Catalogue.Read(ref reader), seed: i + 1, scale: i == 1 ? 4 : 1);
            reader.EnsureEnd();
        }

        Assert.That(buffer.IsEmpty, Is.True);
    }

    [Test]
    public void Write_EmptyBody_WritesTheHeaderAloneWithOneAdvance()
    {
        var output = new StrictBufferWriter();

        int size = FrameWriter.Write(output, FrameType.Sync, 7, new EmptyBody(), Max, connection: null);

        Assert.That(size, Is.EqualTo(FrameHeader.Size));
        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        Assert.That(output.Committed, Is.EqualTo(RawPeer.Frame((byte)FrameType.Sync, 7, [])));
        output.AssertNoWriteAfterHandOver();
    }

    [Test]
    public void Write_BodyThrowsAfterTheSpanGrew_AdvancesNothingAndTheWriterStaysUsable()
    {
        var output = new StrictBufferWriter();
        var failing = new ResultBody<IEnumerable<string?>?>(ThrowsAfter(20), Catalogue.Lazy);

        var error = Assert.Throws<InvalidOperationException>(() => FrameWriter.Write(output, FrameType.RetVal, 1, in failing, Max, connection: null));

        Assert.That(error!.Message, Is.EqualTo("the body failed on purpose"));
        Assert.That(output.BufferCount, Is.GreaterThan(2), "the failure must come after the span grew, with the count prefix open");
        Assert.That(output.AdvanceCount, Is.Zero);
        Assert.That(output.Committed, Is.Empty);

        FrameWriter.Write(output, FrameType.NullMsg, 2, new EmptyBody(), Max, connection: null);

        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        Assert.That(output.Committed, Is.EqualTo(RawPeer.Frame((byte)FrameType.NullMsg, 2, [])), "nothing of the failed frame may precede the next one");
        output.AssertNoWriteAfterHandOver();
    }

    [Test]
    public void Write_PayloadOverMaxPayload_ThrowsSendFailedAndAdvancesNothing()
    {
        const int MaxPayload = 1024;
        var output = new StrictBufferWriter();
        // A string's payload is its 4-byte length plus its UTF-8 bytes: one byte over the limit.
        var tooLarge = new ResultBody<string?>(new string('x', MaxPayload - 3), RompFormatters.String);

        var error = Assert.Throws<RompException>(() => FrameWriter.Write(output, FrameType.RetVal, 1, in tooLarge, MaxPayload, connection: null));

        Assert.That(error!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(error.Message, Does.Contain("1025").And.Contain("1024"));
        Assert.That(output.AdvanceCount, Is.Zero);
        Assert.That(output.Committed, Is.Empty);
        output.AssertNoWriteAfterHandOver();
    }

    [Test]
    public void Write_PayloadExactlyMaxPayload_IsWritten()
    {
        const int MaxPayload = 1024;
        var output = new StrictBufferWriter();
        var exact = new ResultBody<string?>(new string('x', MaxPayload - 4), RompFormatters.String);

        int size = FrameWriter.Write(output, FrameType.RetVal, 1, in exact, MaxPayload, connection: null);

        Assert.That(size, Is.EqualTo(FrameHeader.Size + MaxPayload));
        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        var buffer = new ReadOnlySequence<byte>(output.Committed);
        Assert.That(FrameReader.TryRead(ref buffer, MaxPayload, out Frame frame), Is.True);
        Assert.That(RompSerializer.Deserialize(frame.Payload, RompFormatters.String), Is.EqualTo(new string('x', MaxPayload - 4)));
    }

    private static IEnumerable<string?> ThrowsAfter(int count)
    {
        for (int i = 0; i < count; i++)
            yield return new string('y', 300);
        throw new InvalidOperationException("the body failed on purpose");
    }
}
