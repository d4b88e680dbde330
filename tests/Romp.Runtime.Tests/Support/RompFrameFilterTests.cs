namespace Romp.Tests.Support;

/// <summary>
/// The proxy's frame filter is a parser: it runs on the input whole, split at every byte, and truncated, and must drop
/// exactly the frames picked however the bytes arrive.
/// </summary>
[TestFixture]
public sealed class RompFrameFilterTests
{
    private static readonly Func<ProxyFrame, bool> s_dropCancel = static f => f.Type == 10;

    private static readonly byte[][] s_frames =
    [
        RawPeer.Frame(1, 1, [1, 2, 3]),
        RawPeer.Frame(10, 1, []),
        RawPeer.Frame(5, 7, new byte[300]),
        RawPeer.Frame(10, 2, [9]),
        RawPeer.Frame(8, 3, []),
    ];

    private static readonly byte[] s_input = [.. RawPeer.Hello(), .. s_frames.SelectMany(static f => f)];
    private static readonly byte[] s_expected = [.. RawPeer.Hello(), .. s_frames[0], .. s_frames[2], .. s_frames[4]];

    [Test]
    public void Process_OneSegment_DropsOnlyPickedFrames()
    {
        (byte[] output, Counts counts) = Run(new RompFrameFilter(), [s_input], s_dropCancel);

        Assert.That(output, Is.EqualTo(s_expected));
        Assert.That(counts, Is.EqualTo(new Counts(BytesDropped: 9 + 10, FramesForwarded: 3, FramesDropped: 2)));
    }

    [Test]
    public void Process_SplitAtEveryByte_SameAsOneSegment()
    {
        (byte[] output, Counts counts) = Run(new RompFrameFilter(), s_input.Select(static b => new[] { b }).ToArray(), s_dropCancel);

        Assert.That(output, Is.EqualTo(s_expected));
        Assert.That(counts, Is.EqualTo(new Counts(19, 3, 2)));
    }

    [Test]
    public void Process_SplitInTwoAtEachOffset_SameAsOneSegment()
    {
        for (int at = 0; at <= s_input.Length; at++)
        {
            (byte[] output, Counts counts) = Run(new RompFrameFilter(), [s_input[..at], s_input[at..]], s_dropCancel);

            Assert.That(output, Is.EqualTo(s_expected), $"split at {at}");
            Assert.That(counts, Is.EqualTo(new Counts(19, 3, 2)), $"split at {at}");
        }
    }

    [Test]
    public void Process_TruncatedInsideAHeader_HoldsThePartialHeaderBack()
    {
        int cut = 12 + s_frames[0].Length + 4;

        (byte[] output, Counts counts) = Run(new RompFrameFilter(), [s_input[..cut]], s_dropCancel);

        Assert.That(output, Is.EqualTo(s_input[..(12 + s_frames[0].Length)]), "the next header's first bytes wait for the rest of it");
        Assert.That(counts, Is.EqualTo(new Counts(0, 1, 0)));
    }

    [Test]
    public void Process_DropAllEndsInsideAHeader_CountIsExactAndThatFrameDropped()
    {
        var filter = new RompFrameFilter();
        int inHeader = 12 + s_frames[0].Length + 4;

        (byte[] dropped, Counts blackHoled) = Run(filter, [s_input[..inHeader]], drop: null, dropAll: true);
        (byte[] after, Counts later) = Run(filter, [s_input[inHeader..]], drop: null);

        Assert.That(dropped, Is.Empty);
        Assert.That(blackHoled, Is.EqualTo(new Counts(inHeader, 0, 1)));
        Assert.That(after, Is.EqualTo(s_frames.Skip(2).SelectMany(static f => f).ToArray()), "the filter stays in step: the frames after it pass whole");
        Assert.That(later, Is.EqualTo(new Counts(s_frames[1].Length - 4, 3, 1)));
    }

    private static (byte[] Output, Counts Counts) Run(RompFrameFilter filter, byte[][] pieces, Func<ProxyFrame, bool>? drop, bool dropAll = false)
    {
        var output = new List<byte>();
        var total = new Counts(0, 0, 0);
        foreach (byte[] piece in pieces)
        {
            var buffer = new byte[RompFrameFilter.MaxOutput(piece.Length)];
            int written = filter.Process(piece, buffer, drop, dropAll, out int bytesDropped, out int framesForwarded, out int framesDropped);
            output.AddRange(buffer.AsSpan(0, written));
            total = new Counts(total.BytesDropped + bytesDropped, total.FramesForwarded + framesForwarded, total.FramesDropped + framesDropped);
        }

        return (output.ToArray(), total);
    }

    private readonly record struct Counts(int BytesDropped, int FramesForwarded, int FramesDropped);
}
