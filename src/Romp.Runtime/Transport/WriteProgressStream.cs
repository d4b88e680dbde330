using System.Runtime.CompilerServices;

namespace Romp.Transport;

/// <summary>
/// The output stream of a stream connection as the pipe writer sees it: every write goes straight to the inner stream,
/// and each one that completes is stamped. A pipe writer's flush is one write per buffer segment (64 KiB), so a flush
/// that a slow peer takes over many seconds shows progress every segment.
/// </summary>
/// <remarks>
/// Write-only, and it owns nothing: the connection disposes the inner stream. A write that completes at once (the usual
/// case: the socket had room) costs a clock read and nothing else; one that waits runs on a pooled state machine.
/// </remarks>
internal sealed class WriteProgressStream(Stream inner) : Stream, IWriteProgress
{
    private long _lastWriteCompleted; // written by whoever flushes the pipe (one at a time), read by the stall check

    public long LastWriteCompleted => Volatile.Read(ref _lastWriteCompleted);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count)
    {
        inner.Write(buffer, offset, count);
        Stamp();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Stamp();
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        ValueTask write = inner.WriteAsync(buffer, cancellationToken);
        if (!write.IsCompletedSuccessfully)
            return StampWhenWrittenAsync(write);
        write.GetAwaiter().GetResult(); // a pooled source (a socket's) must be told its result was taken
        Stamp();
        return default;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask StampWhenWrittenAsync(ValueTask write)
    {
        await write.ConfigureAwait(false);
        Stamp();
    }

    private void Stamp() => Volatile.Write(ref _lastWriteCompleted, Environment.TickCount64);
}
