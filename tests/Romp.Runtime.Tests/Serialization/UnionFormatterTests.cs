using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>
/// The generated union formatter (docs/protocol.md §5): its exact bytes, round trips on every segmentation, refusal of
/// truncated input, of an unknown tag and of a null case, and the room it leaves after the case.
/// </summary>
public sealed class UnionFormatterTests
{
    // Circle("a", 1.0): length 21, tag 0, then the Circle record (length 15, 2 members, "a", 1.0).
    // The case's own encoding comes from its formatter (protocol.md §5 pins those bytes elsewhere); the union adds an
    // int32 length (of the tag and the case) and the uint16 tag in front.
    private static readonly byte[] s_circleCase = RompSerializer.Serialize<Circle?>(new Circle("a", 1.0), CircleFormatter.Instance);
    private static readonly byte[] s_circle = [(byte)(2 + s_circleCase.Length), 0, 0, 0, 0, 0, .. s_circleCase];

    [Test]
    public void Write_Case_LengthThenTagThenTheCasesOwnEncoding()
    {
        byte[] bytes = RompSerializer.Serialize<Figure?>(new Circle("a", 1.0), FigureFormatter.Instance);

        Assert.That(bytes, Is.EqualTo(s_circle));
        Assert.That(bytes[6..], Is.EqualTo(RompSerializer.Serialize<Circle?>(new Circle("a", 1.0), CircleFormatter.Instance)));
    }

    [Test]
    public void Write_NestedUnionCase_OuterTagThenTheInnerUnion()
    {
        byte[] bytes = RompSerializer.Serialize<Figure?>(new Triangle("t"), FigureFormatter.Instance);
        byte[] inner = RompSerializer.Serialize<Polygon?>(new Triangle("t"), PolygonFormatter.Instance);

        Assert.That(bytes[..6], Is.EqualTo(new byte[] { (byte)(2 + inner.Length), 0, 0, 0, 2, 0 }), "length, then tag 2: Polygon");
        Assert.That(bytes[6..], Is.EqualTo(inner));
        Assert.That(inner[4..6], Is.EqualTo(new byte[] { 0, 0 }), "Polygon's own tag 0: Triangle");
    }

    [Test]
    public void Write_Null_IsMinusOne() =>
        Assert.That(RompSerializer.Serialize<Figure?>(null, FigureFormatter.Instance), Is.EqualTo(new byte[] { 255, 255, 255, 255 }));

    [Test]
    public void Read_EveryCase_RoundTripsOnEverySegmentation()
    {
        Figure[] figures = [new Circle("c", 2), new Square("s", 3), new Triangle("t"), new Quad("q", new Quad("inner", new Circle("deep", 1)))];
        foreach (Figure figure in figures)
        {
            byte[] bytes = RompSerializer.Serialize<Figure?>(figure, FigureFormatter.Instance);

            Assert.That(RompSerializer.Deserialize<Figure?>(bytes, FigureFormatter.Instance), Is.EqualTo(figure));
            Assert.That(RompSerializer.Deserialize(Segments.Split(bytes), FigureFormatter.Instance), Is.EqualTo(figure), "split at every byte");
        }
    }

    [Test]
    public void Read_TruncatedAtEveryByte_RefusedAsInvalidMessage()
    {
        byte[] bytes = RompSerializer.Serialize<Figure?>(new Quad("q", new Triangle("t")), FigureFormatter.Instance);
        for (int cut = 0; cut < bytes.Length; cut++)
        {
            RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize<Figure?>(bytes.AsMemory(0, cut), FigureFormatter.Instance), $"cut at {cut}");
            Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage), $"cut at {cut}");
        }
    }

    [Test]
    public void Read_UnknownTag_UnknownTypeNamingTheUnionAndTheTag()
    {
        byte[] bytes = [.. s_circle];
        bytes[4] = 7;

        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize<Figure?>(bytes, FigureFormatter.Instance));

        Assert.That(error!.Error, Is.EqualTo(RompError.UnknownType));
        Assert.That(error.Message, Does.StartWith("A Romp.Tests.Contracts.Figure value arrived as the case with tag 7, which this side's Romp.Tests.Contracts.Figure does not declare"));
    }

    [Test]
    public void Read_NullCase_InvalidMessage()
    {
        RompException? error = Assert.Throws<RompException>(() =>
            RompSerializer.Deserialize<Figure?>(new byte[] { 6, 0, 0, 0, 0, 0, 255, 255, 255, 255 }, FigureFormatter.Instance));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
        Assert.That(error.Message, Does.Contain("holds a null case"));
    }

    [Test]
    public void Read_BytesAfterTheCaseWithinTheLength_Skipped()
    {
        byte[] bytes = [(byte)(s_circle.Length - 4 + 2), 0, 0, 0, .. s_circle[4..], 0xAA, 0xBB];

        Assert.That(RompSerializer.Deserialize<Figure?>(bytes, FigureFormatter.Instance), Is.EqualTo(new Circle("a", 1.0)));
    }

    [Test]
    public void Read_CaseLongerThanTheLength_InvalidMessage()
    {
        byte[] bytes = [.. s_circle, 0];
        bytes[0] = (byte)(s_circle.Length - 4 - 1);

        RompException? error = Assert.Throws<RompException>(() => RompSerializer.Deserialize<Figure?>(bytes, FigureFormatter.Instance));

        Assert.That(error!.Error, Is.EqualTo(RompError.InvalidMessage));
    }
}
