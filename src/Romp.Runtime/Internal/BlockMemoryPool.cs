using System.Buffers;
using System.Collections.Concurrent;

namespace Romp.Internal;

/// <summary>
/// The memory behind every Romp pipe: pinned 64 KiB blocks, kept for reuse up to a cap. The shared array pool keeps only
/// a few arrays per core, so a pipe that fills under load (megabytes of small frames) would otherwise allocate and drop
/// blocks on every cycle. 64 KiB also keeps a full 16 MiB pipe within the segment pool of <see cref="System.IO.Pipelines.Pipe"/>.
/// </summary>
internal sealed class BlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 32 MiB: what a few busy connections hold at once; blocks beyond it go back to the GC.
    private const int MaxRetainedBlocks = 512;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;

    public static BlockMemoryPool Instance { get; } = new();

    // Larger requests get an unpooled array from the pipe itself.
    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (_free.TryDequeue(out Block? block))
        {
            Interlocked.Decrement(ref _retained);
            block.Lease();
            return block;
        }

        return new Block(this);
    }

    protected override void Dispose(bool disposing)
    {
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetainedBlocks)
            _free.Enqueue(block);
        else
            Interlocked.Decrement(ref _retained);
    }

    private sealed class Block : IMemoryOwner<byte>
    {
        private readonly BlockMemoryPool _pool;
        private readonly byte[] _array = GC.AllocateUninitializedArray<byte>(BlockSize, pinned: true);
        private int _leased = 1;

        public Block(BlockMemoryPool pool) => _pool = pool;

        public Memory<byte> Memory => _array;

        public void Lease() => _leased = 1;

        // Idempotent: a block must enter the free list once per lease.
        public void Dispose()
        {
            if (Interlocked.Exchange(ref _leased, 0) == 1)
                _pool.Return(this);
        }
    }
}
