using System.IO.Pipelines;
using Romp.CompilerServices;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Serialization;

/// <summary>RompSerializer writes into any IBufferWriter with one Advance: a PipeWriter over a stream included.</summary>
[TestFixture]
public sealed class RompSerializerTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task Serialize_IntoPipeWriterOverMemoryStream_RoundTrips(CancellationToken cancellationToken)
    {
        Order order = Catalogue.Create(5, scale: 3).Order;
        using var stream = new MemoryStream();
        // A small minimum buffer: the writer must ask the pipe for larger spans as the order grows.
        PipeWriter pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 256, leaveOpen: true));

        RompSerializer.Serialize(pipe, order, OrderFormatter.Instance);
        await pipe.FlushAsync(cancellationToken);
        await pipe.CompleteAsync();

        byte[] bytes = stream.ToArray();
        Assert.That(bytes, Is.EqualTo(RompSerializer.Serialize(order, OrderFormatter.Instance)), "the same bytes as into an array");
        Orders.AssertEqual(RompSerializer.Deserialize(bytes, OrderFormatter.Instance), order);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Serialize_TwoValuesIntoOnePipeWriter_FollowEachOther(CancellationToken cancellationToken)
    {
        Order first = Catalogue.Create(1).Order;
        Order second = Catalogue.Create(2, scale: 2).Order;
        using var stream = new MemoryStream();
        PipeWriter pipe = PipeWriter.Create(stream, new StreamPipeWriterOptions(minimumBufferSize: 256, leaveOpen: true));

        RompSerializer.Serialize(pipe, first, OrderFormatter.Instance);
        RompSerializer.Serialize(pipe, second, OrderFormatter.Instance);
        await pipe.FlushAsync(cancellationToken);
        await pipe.CompleteAsync();

        byte[] one = RompSerializer.Serialize(first, OrderFormatter.Instance);
        byte[] bytes = stream.ToArray();
        Assert.That(bytes, Is.EqualTo(one.Concat(RompSerializer.Serialize(second, OrderFormatter.Instance)).ToArray()));
        Orders.AssertEqual(RompSerializer.Deserialize(bytes.AsMemory(0, one.Length), OrderFormatter.Instance), first);
        Orders.AssertEqual(RompSerializer.Deserialize(bytes.AsMemory(one.Length), OrderFormatter.Instance), second);
    }

    [Test]
    public void Serialize_IntoStrictWriter_AdvancesOnceAndNeverWritesAfter()
    {
        Order order = Catalogue.Create(7, scale: 2).Order;
        var output = new StrictBufferWriter();

        RompSerializer.Serialize(output, order, OrderFormatter.Instance);

        Assert.That(output.AdvanceCount, Is.EqualTo(1));
        Assert.That(output.BufferCount, Is.GreaterThan(2), "the span must have grown with the order's length prefix open");
        output.AssertNoWriteAfterHandOver();
        Orders.AssertEqual(RompSerializer.Deserialize(output.Committed, OrderFormatter.Instance), order);
    }

    [Test]
    public void Serialize_FormatterThrows_AdvancesNothing()
    {
        var output = new StrictBufferWriter();
        Assert.Throws<InvalidOperationException>(() => RompSerializer.Serialize<IEnumerable<int>?>(output, Failing(), new SequenceFormatter<IEnumerable<int>, int>(RompFormatters.Int32)));

        Assert.That(output.AdvanceCount, Is.Zero);
        Assert.That(output.Committed, Is.Empty);
    }

    private static IEnumerable<int> Failing()
    {
        for (int i = 0; i < 1000; i++)
            yield return i;
        throw new InvalidOperationException("the formatter failed on purpose");
    }
}
