using System.IO.Pipelines;
using Romp.Tests.Support;

namespace Romp.Tests.Connections;

/// <summary>
/// A transport that breaks under a write (a reset, a broken pipe) is the loss of the connection, reported as the reader
/// reports it: ConnectionBroken, whichever side notices first.
/// </summary>
[TestFixture]
[CancelAfter(10_000)]
public sealed class BrokenWriteTests
{
    [Test]
    public async Task WriteThatFailsWithIOException_ClosesWithConnectionBroken(CancellationToken cancellationToken)
    {
        var fromPeer = new Pipe();
        await fromPeer.Writer.WriteAsync(RawPeer.Hello(), cancellationToken);
        var output = new BreakingStream();
        await using RompConnection connection = await RompConnection.AttachAsync(fromPeer.Reader.AsStream(), output, cancellationToken: cancellationToken);
        output.Break();

        Task sync = connection.SyncAsync(cancellationToken);

        RompException? error = Assert.ThrowsAsync<RompException>(() => sync);
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
        await connection.Completion.WaitAsync(cancellationToken);
        Assert.That(connection.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        Assert.That(connection.CloseReason.Message, Does.Contain("broke while sending").And.Contain("Broken pipe"));
    }

    // Takes writes until broken, then fails each as a reset socket's stream does.
    private sealed class BreakingStream : Stream
    {
        private volatile bool _broken;

        public void Break() => _broken = true;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_broken)
                throw new IOException("Broken pipe");
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return default;
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer.AsSpan(offset, count));
            return Task.CompletedTask;
        }
    }
}
