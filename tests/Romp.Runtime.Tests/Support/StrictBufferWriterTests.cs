namespace Romp.Tests.Support;

/// <summary>The strict writer must catch what it is there to catch, or the writer-contract tests prove nothing.</summary>
[TestFixture]
public sealed class StrictBufferWriterTests
{
    [Test]
    public void AssertNoWriteAfterHandOver_WriteAfterAdvance_Throws()
    {
        var output = new StrictBufferWriter();
        Span<byte> span = output.GetSpan(8);
        span[0] = 1;
        output.Advance(1);

        span[0] = 2;

        Assert.That(output.AssertNoWriteAfterHandOver, Throws.InvalidOperationException.With.Message.Contains("after it was advanced"));
    }

    [Test]
    public void AssertNoWriteAfterHandOver_WriteIntoUnadvancedTailAfterAdvance_Throws()
    {
        var output = new StrictBufferWriter();
        Span<byte> span = output.GetSpan(8);
        output.Advance(2);

        span[5] = 0;

        Assert.That(output.AssertNoWriteAfterHandOver, Throws.InvalidOperationException.With.Message.Contains("offset 5"));
    }

    [Test]
    public void AssertNoWriteAfterHandOver_WriteIntoReplacedSpan_Throws()
    {
        var output = new StrictBufferWriter();
        Span<byte> small = output.GetSpan(4);
        _ = output.GetSpan(16);

        small[0] = 9;

        Assert.That(output.AssertNoWriteAfterHandOver, Throws.InvalidOperationException.With.Message.Contains("replaced"));
    }

    [Test]
    public void Advance_Twice_Throws()
    {
        var output = new StrictBufferWriter();
        output.GetSpan(4);
        output.Advance(1);

        Assert.That(() => output.Advance(1), Throws.InvalidOperationException);
    }

    [Test]
    public void Advance_PastTheBuffer_Throws()
    {
        var output = new StrictBufferWriter();
        output.GetSpan(4);

        Assert.That(() => output.Advance(5), Throws.InvalidOperationException);
    }

    [Test]
    public void GetSpan_AnySize_ReturnsExactlyThatSizeFilledWithGarbage()
    {
        var output = new StrictBufferWriter();

        Span<byte> span = output.GetSpan(10);

        Assert.That(span.Length, Is.EqualTo(10));
        Assert.That(span.ToArray(), Is.All.Not.Zero);
    }

    [Test]
    public void Committed_SpanAbandonedThenTwoAdvances_HoldsOnlyAdvancedBytesInOrder()
    {
        var output = new StrictBufferWriter();
        _ = output.GetSpan(3); // abandoned, never advanced: not part of what was written
        Span<byte> first = output.GetSpan(2);
        first[0] = 1;
        first[1] = 2;
        output.Advance(2);
        output.GetSpan(1)[0] = 3;
        output.Advance(1);

        Assert.That(output.Committed, Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That((output.AdvanceCount, output.BufferCount), Is.EqualTo((2, 3)));
        output.AssertNoWriteAfterHandOver();
    }
}
