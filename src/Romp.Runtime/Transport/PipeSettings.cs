using System.IO.Pipelines;
using Romp.Internal;
using Romp.Protocol;

namespace Romp.Transport;

/// <summary>Buffer limits for the pipes of one connection, derived from the largest frame the reading side accepts.</summary>
internal readonly record struct PipeSettings(int MaxFrameSize)
{
    private const int MinimumPause = 1024 * 1024;

    /// <summary>
    /// Options for a socket's outgoing pipe, drained by its send loop: a flush waits once 1 MiB is unsent, which is what
    /// lets a writer notice a peer that stopped reading. A frame larger than that still goes through, as it drains.
    /// </summary>
    public static PipeOptions Output { get; } = new(
        pauseWriterThreshold: MinimumPause,
        resumeWriterThreshold: MinimumPause / 2,
        pool: BlockMemoryPool.Instance,
        minimumSegmentSize: BlockMemoryPool.BlockSize,
        useSynchronizationContext: false);

    /// <summary>
    /// Options for a pipe read by a side accepting <paramref name="readerMaxFrameSize"/>. The pause threshold must
    /// exceed the largest frame, or a frame that big could never be buffered whole and the reader would wait forever.
    /// </summary>
    public static PipeOptions For(int readerMaxFrameSize)
    {
        long pause = PauseFor(readerMaxFrameSize);
        return new PipeOptions(
            pauseWriterThreshold: pause,
            resumeWriterThreshold: pause / 2,
            pool: BlockMemoryPool.Instance,
            minimumSegmentSize: BlockMemoryPool.BlockSize,
            useSynchronizationContext: false);
    }

    private static long PauseFor(int readerMaxFrameSize) => Math.Max(MinimumPause, (long)readerMaxFrameSize + FrameHeader.Size + 64 * 1024);
}
