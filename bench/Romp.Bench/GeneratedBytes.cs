namespace Romp.Bench;

/// <summary>
/// A read-only stream of <see cref="Length"/> bytes made as they are read, never held: one 64 KiB block of seeded random
/// bytes, over and over, so that making them costs a copy and a gigabyte of them a buffer.
/// </summary>
public sealed class GeneratedBytes(long length) : Stream
{
    private static readonly byte[] s_block = CreateBlock();

    private long _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int count = (int)Math.Min(buffer.Length, length - _position);
        for (int done = 0; done < count;)
        {
            int start = (int)((_position + done) % s_block.Length);
            int piece = Math.Min(count - done, s_block.Length - start);
            s_block.AsSpan(start, piece).CopyTo(buffer.Slice(done));
            done += piece;
        }

        _position += count;
        return count;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => new(Read(buffer.Span));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private static byte[] CreateBlock()
    {
        byte[] block = new byte[64 * 1024];
        new Random(42).NextBytes(block);
        return block;
    }
}
