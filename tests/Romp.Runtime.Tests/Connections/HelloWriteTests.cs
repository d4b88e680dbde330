using Romp.Transport;

namespace Romp.Tests.Connections;

/// <summary>
/// A peer that is gone before our hello is written: a Unix socket the server closed at once (an ACL or acceptor
/// refusal) fails the write with a broken pipe instead of letting it through, and that must read as a close before the
/// handshake, not escape as an IOException.
/// </summary>
[TestFixture]
[CancelAfter(15_000)]
public sealed class HelloWriteTests
{
    [Test]
    public void ConnectAsync_HelloWriteFails_ThrowsAccessDenied(CancellationToken cancellationToken)
    {
        var options = new RompClientOptions();
        options.Transports.Add(new ClosedPeerTransport());

        RompException? error = Assert.ThrowsAsync<RompException>(() => RompClient.ConnectAsync("closed://peer", options, cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.AccessDenied));
        Assert.That(error.InnerException, Is.InstanceOf<IOException>());
    }

    [Test]
    public void AttachAsync_HelloWriteFails_ThrowsConnectionBroken(CancellationToken cancellationToken)
    {
        RompException? error = Assert.ThrowsAsync<RompException>(() => RompConnection.AttachAsync(new ClosedPeerStream(), cancellationToken: cancellationToken));

        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken));
    }

    private sealed class ClosedPeerTransport : RompTransport
    {
        public override string Scheme => "closed";

        public override ValueTask<RompTransportConnection> ConnectAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
            ValueTask.FromResult(RompTransportConnection.FromStream(new ClosedPeerStream()));

        public override ValueTask<RompTransportListener> ListenAsync(RompEndpoint endpoint, RompConnectionOptions options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();
    }

    /// <summary>What a Unix socket whose peer has closed looks like: reads end, writes fail with a broken pipe.</summary>
    private sealed class ClosedPeerStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => 0;

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => ValueTask.FromResult(0);

        public override void Write(byte[] buffer, int offset, int count) => throw BrokenPipe();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromException(BrokenPipe());

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private static IOException BrokenPipe() => new("Unable to write data to the transport connection: Broken pipe.");
    }
}
