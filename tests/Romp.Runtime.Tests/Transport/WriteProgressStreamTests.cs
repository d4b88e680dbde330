using System.IO.Pipelines;
using Romp.Transport;

namespace Romp.Tests.Transport;

/// <summary>The stall check's evidence from the stream transports: a write is stamped when it completes, not before.</summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class WriteProgressStreamTests
{
    [Test]
    public async Task WriteAsync_InnerWriteWaitsForTheReader_StampedOnlyOnceItCompletes(CancellationToken cancellationToken)
    {
        // A pipe that pushes back past 16 bytes: the stream's write waits until the reader has taken them.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16, resumeWriterThreshold: 8, useSynchronizationContext: false));
        var written = new WriteProgressStream(pipe.Writer.AsStream());

        ValueTask write = written.WriteAsync(new byte[64], cancellationToken);

        Assert.That((write.IsCompleted, written.LastWriteCompleted), Is.EqualTo((false, 0L)), "nothing was taken yet");
        ReadResult read = await pipe.Reader.ReadAsync(cancellationToken);
        pipe.Reader.AdvanceTo(read.Buffer.End);
        await write;
        Assert.That(written.LastWriteCompleted, Is.GreaterThan(0L));
    }

    [Test]
    public void Write_InnerThrows_NotStamped()
    {
        var pipe = new Pipe();
        var written = new WriteProgressStream(pipe.Writer.AsStream());
        pipe.Writer.Complete();

        Assert.Catch(() => written.Write(new byte[8]));

        Assert.That(written.LastWriteCompleted, Is.Zero);
    }
}
