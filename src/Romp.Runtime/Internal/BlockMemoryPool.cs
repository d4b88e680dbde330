using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Romp.Internal;

/// <summary>
/// The memory behind every Romp pipe: pinned 64 KiB blocks, kept for reuse up to a cap. The shared array pool keeps only
/// a few arrays per core, so a pipe that fills under load (megabytes of small frames) would otherwise allocate and drop
/// blocks on every cycle. 64 KiB also keeps a full 16 MiB pipe within the segment pool of <see cref="System.IO.Pipelines.Pipe"/>.
/// Blocks kept but not asked for between two full collections are given back (<see cref="TrimIfIdle"/>).
/// </summary>
internal sealed class BlockMemoryPool : MemoryPool<byte>
{
    public const int BlockSize = 64 * 1024;

    // 32 MiB: what a few busy connections hold at once; blocks beyond it go back to the GC.
    private const int MaxRetainedBlocks = 512;

    private readonly ConcurrentQueue<Block> _free = new();
    private int _retained;
    private int _rentedSinceTrim; // rents since the last full collection looked; 0 there means the pool sat idle

    internal BlockMemoryPool() => Gen2Watch.Start(this);

    public static BlockMemoryPool Instance { get; } = new();

    /// <summary>Blocks kept for reuse now, for tests.</summary>
    internal int Retained => Volatile.Read(ref _retained);

    // Larger requests get an unpooled array from the pipe itself.
    public override int MaxBufferSize => BlockSize;

    public override IMemoryOwner<byte> Rent(int minBufferSize = -1)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minBufferSize, BlockSize);
        if (Volatile.Read(ref _rentedSinceTrim) == 0)
            Interlocked.Exchange(ref _rentedSinceTrim, 1); // a flag, not a count: the hot path writes it once per idle spell
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

    /// <summary>
    /// Called at each full collection: blocks nobody has asked for since the previous one go back to the GC, so that a
    /// connection storm's peak is not kept for good (the pinned heap never shrinks while they are held). A pool in use
    /// keeps them: it is asked again next time.
    /// </summary>
    /// <returns>The number of blocks given back.</returns>
    internal int TrimIfIdle()
    {
        if (Interlocked.Exchange(ref _rentedSinceTrim, 0) != 0)
            return 0;
        int released = 0;
        while (_free.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _retained);
            released++;
        }

        return released;
    }

    private void Return(Block block)
    {
        if (Interlocked.Increment(ref _retained) <= MaxRetainedBlocks)
            _free.Enqueue(block);
        else
            Interlocked.Decrement(ref _retained);
    }

    /// <summary>
    /// An object that is only ever reachable from the finalizer queue: each time the GC finalizes it, it asks the pool to
    /// trim after a full (gen 2) collection, then registers itself again. The BCL's ArrayPool trims the same way.
    /// </summary>
    private sealed class Gen2Watch
    {
        // A GCHandle, not a WeakReference: a WeakReference reachable only from here may be finalized first and let go.
        private GCHandle _pool;
        private int _lastGen2 = GC.CollectionCount(2);

        private Gen2Watch(BlockMemoryPool pool) => _pool = GCHandle.Alloc(pool, GCHandleType.Weak);

        public static void Start(BlockMemoryPool pool) => _ = new Gen2Watch(pool);

        ~Gen2Watch()
        {
            if (_pool.Target is not BlockMemoryPool pool)
            {
                _pool.Free();
                return;
            }

            int gen2 = GC.CollectionCount(2);
            if (gen2 != _lastGen2)
            {
                _lastGen2 = gen2;
                pool.TrimIfIdle();
            }

            GC.ReRegisterForFinalize(this);
        }
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
