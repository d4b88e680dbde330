using System.Buffers;
using System.IO.Pipelines;

namespace Romp.Tests.Support;

/// <summary>In-memory duplex pipes for the tests that need two ends without a transport.</summary>
public static class DuplexPipes
{
    /// <summary>
    /// Two ends crossed over two pipes: what one writes, the other reads. Each pipe holds <paramref name="pause"/> bytes
    /// before it pushes back, which must exceed the largest frame: a reader needs a frame whole before it consumes it.
    /// </summary>
    public static (IDuplexPipe Left, IDuplexPipe Right) CreatePair(long pause = 32 * 1024 * 1024)
    {
        var options = new PipeOptions(pauseWriterThreshold: pause, resumeWriterThreshold: pause / 2, useSynchronizationContext: false);
        var leftToRight = new Pipe(options);
        var rightToLeft = new Pipe(options);
        return (new DuplexPipe(rightToLeft.Reader, leftToRight.Writer), new DuplexPipe(leftToRight.Reader, rightToLeft.Writer));
    }

    /// <summary>Pipe options whose pool hands out one byte per segment: every byte written arrives in a segment of its own.</summary>
    public static PipeOptions OneByteSegments() =>
        new(pool: new OneBytePool(), minimumSegmentSize: 1, useSynchronizationContext: false);

    public sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input => input;

        public PipeWriter Output => output;
    }

    private sealed class OneBytePool : MemoryPool<byte>
    {
        public override int MaxBufferSize => 1;

        public override IMemoryOwner<byte> Rent(int minBufferSize = -1) => new Owner();

        protected override void Dispose(bool disposing)
        {
        }

        private sealed class Owner : IMemoryOwner<byte>
        {
            public Memory<byte> Memory { get; } = new byte[1];

            public void Dispose()
            {
            }
        }
    }
}
