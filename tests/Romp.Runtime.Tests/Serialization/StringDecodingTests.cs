using System.Buffers;
using System.Text;
using Romp.CompilerServices;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>
/// <see cref="RompReader.ReadString"/> widens short ASCII strings directly, and decodes the rest through scratch space
/// on the stack, from the pool, or (short non-ASCII ones, and past 64 KiB) with the strict encoding; every size must give the same strings and refuse the same invalid bytes, in one segment or
/// split across many.
/// </summary>
[TestFixture]
public sealed class StringDecodingTests
{
    // Sizes in UTF-8 bytes around each way of decoding: ASCII widening (or GetString) under 64, the stack up to 1,024, the
    // pool up to 64 KiB, then GetString.
    private static readonly int[] s_sizes = [0, 1, 7, 63, 64, 1_023, 1_024, 1_025, 65_535, 65_536, 65_537, 200_000];

    private static IEnumerable<TestCaseData> Texts()
    {
        foreach (int size in s_sizes)
        {
            yield return new TestCaseData(Fill("abcdefgh", size)).SetArgDisplayNames($"ascii {size}");
            yield return new TestCaseData(Fill("ümlaut 型 🚀 ", size)).SetArgDisplayNames($"mixed {size}");
        }
    }

    [TestCaseSource(nameof(Texts))]
    public void ReadString_AnySizeOneSegmentOrSplit_ReadsWhatWasWritten(string text)
    {
        byte[] bytes = RompSerializer.Serialize<string?>(text, RompFormatters.String);

        Assert.That(RompSerializer.Deserialize(bytes, RompFormatters.String), Is.EqualTo(text));
        if (bytes.Length <= 70_000)
            Assert.That(RompSerializer.Deserialize(Segments.Split(bytes), RompFormatters.String), Is.EqualTo(text));
    }

    [TestCase(1)]
    [TestCase(63)]
    [TestCase(64)]
    [TestCase(1_024)]
    [TestCase(1_025)]
    [TestCase(65_536)]
    [TestCase(65_537)]
    public void ReadString_InvalidUtf8AtTheEnd_IsInvalidMessage(int size)
    {
        // A lone continuation byte, then a truncated 3-byte sequence: both invalid wherever they are decoded.
        foreach (byte[] tail in new[] { new byte[] { 0x80 }, new byte[] { 0xE5, 0x9E } })
        {
            byte[] utf8 = [.. Encoding.UTF8.GetBytes(new string('a', size - 1)), .. tail];
            byte[] bytes = [.. BitConverter.GetBytes(utf8.Length), .. utf8];

            RompException error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(bytes, RompFormatters.String))!;
            Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage), $"{size}: {error.Message}");
        }
    }

    [Test]
    public void ReadString_InvalidUtf8SplitAcrossSegments_IsInvalidMessage()
    {
        byte[] bytes = [5, 0, 0, 0, (byte)'a', (byte)'b', 0xC3, 0x28, (byte)'c'];

        RompException error = Assert.Throws<RompException>(() => RompSerializer.Deserialize(Segments.Split(bytes), RompFormatters.String))!;
        Assert.That(error.Error, Is.EqualTo(RompError.InvalidMessage));
    }

    [Test]
    public void ReadString_SeveralInOnePayload_EachEndsWhereItsLengthSays()
    {
        string[] texts = ["", "x", Fill("ü", 2_000), "tail"];
        var output = new ArrayBufferWriter<byte>();
        foreach (string text in texts)
            RompSerializer.Serialize<string?>(output, text, RompFormatters.String);

        var formatter = new ValueTupleFormatter<string?, string?, string?, string?>(RompFormatters.String, RompFormatters.String, RompFormatters.String, RompFormatters.String);
        (string? a, string? b, string? c, string? d) = RompSerializer.Deserialize(output.WrittenMemory, formatter);

        Assert.That(new[] { a, b, c, d }, Is.EqualTo(texts));
    }

    // `pattern` repeated until the UTF-8 form is exactly `size` bytes, padded with ASCII.
    private static string Fill(string pattern, int size)
    {
        var text = new StringBuilder();
        int bytes = 0;
        int next = Encoding.UTF8.GetByteCount(pattern);
        while (bytes + next <= size)
        {
            text.Append(pattern);
            bytes += next;
        }

        text.Append('.', size - bytes);
        return text.ToString();
    }
}
