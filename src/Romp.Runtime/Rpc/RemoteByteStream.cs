namespace Romp.Rpc;

/// <summary>
/// The <see cref="Stream"/> a receiver gets for a byte stream its peer sends (a <c>Stream</c> argument or result): it
/// reads forward only, as the bytes arrive, with the writer held to what this side has room for. Disposing it before
/// the end tells the writer to stop; so does the finalizer of one that was dropped unread. A failure on the writer's
/// side (its stream threw) or of the connection is thrown by the read that reaches it.
/// </summary>
internal sealed class RemoteByteStream : Stream
{
    private readonly ByteStreamInbox _inbox;

    public RemoteByteStream(ByteStreamInbox inbox) => _inbox = inbox;

    ~RemoteByteStream()
    {
        // Dropped without being disposed: the writer must not wait for credit until the connection closes. Not on the
        // finalizer thread: giving it up takes the connection's locks and writes a frame.
        ThreadPool.UnsafeQueueUserWorkItem(static inbox => inbox.Abandon(), _inbox, preferLocal: false);
    }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException("A Romp byte stream is read forward only; its length is not known before its end.");

    public override long Position
    {
        get => throw new NotSupportedException("A Romp byte stream is read forward only.");
        set => throw new NotSupportedException("A Romp byte stream is read forward only.");
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        _inbox.ReadAsync(buffer, cancellationToken);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
    {
        ValidateBufferArguments(buffer, offset, count);
        return _inbox.ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        ValidateBufferArguments(buffer, offset, count);
        return Read(buffer.AsSpan(offset, count));
    }

    public override int Read(Span<byte> buffer)
    {
        if (_inbox.IsOnReadLoop)
            throw new InvalidOperationException("A Romp byte stream was read synchronously on its connection's own read thread (InlineDispatch is on), which would wait forever for the bytes; read it with ReadAsync, or turn InlineDispatch off.");
        byte[] rented = System.Buffers.ArrayPool<byte>.Shared.Rent(buffer.Length);
        try
        {
            ValueTask<int> pending = _inbox.ReadAsync(rented.AsMemory(0, buffer.Length), CancellationToken.None);
            int read = pending.IsCompleted ? pending.GetAwaiter().GetResult() : pending.AsTask().GetAwaiter().GetResult();
            rented.AsSpan(0, read).CopyTo(buffer);
            return read;
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("A Romp byte stream is read forward only.");

    public override void SetLength(long value) => throw new NotSupportedException("A Romp byte stream cannot be written.");

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("A Romp byte stream cannot be written.");

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inbox.Abandon();
            GC.SuppressFinalize(this);
        }

        base.Dispose(disposing);
    }
}
