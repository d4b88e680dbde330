using System.IO.Pipelines;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// Stream and PipeReader parameters and results, end to end: the bytes arrive whole and in order, the producer's
/// failure fails the stream and the call but not the connection, and whoever stops first stops the other side.
/// </summary>
[TestFixture(Transports.Tcp, Category = "Socket")]
[TestFixture(Transports.Inproc)]
[CancelAfter(30_000)]
public sealed class ByteStreamTests(string transport) : ServerFixture(transport)
{
    private Transfer _transfer = null!;
    private ITransfer _remote = null!;

    [SetUp]
    public async Task BindAsync()
    {
        _transfer = new Transfer();
        Server.Bind<ITransfer>("transfer", _transfer);
        _remote = await Client.ResolveAsync<ITransfer>("transfer");
    }

    [TestCase(0L)]
    [TestCase(1L)]
    [TestCase(32_759L)]
    [TestCase(32_760L)]
    [TestCase(3 * 1024 * 1024 + 7L)]
    public async Task StreamParameter_GeneratedBytes_ServerReadsThemAll(long length, CancellationToken cancellationToken)
    {
        var content = new GeneratedStream(length, seed: 7);

        Digest digest = await _remote.HashAsync(content);

        Assert.That(digest, Is.EqualTo(await Digest.OfAsync(new GeneratedStream(length, seed: 7))));
        await content.Disposed.WaitAsync(cancellationToken); // Romp disposes a stream it has sent
    }

    [Test]
    public async Task StreamParameter_MemoryStream_ArrivesAsIs(CancellationToken cancellationToken)
    {
        byte[] bytes = new byte[100_000];
        Random.Shared.NextBytes(bytes);

        Digest digest = await _remote.HashAsync(new MemoryStream(bytes));

        Assert.That(digest, Is.EqualTo(await Digest.OfAsync(new MemoryStream(bytes))));
    }

    [Test]
    public async Task TwoStreamParameters_ReadInTurns_BothArriveWhole(CancellationToken cancellationToken)
    {
        Digest[] digests = await _remote.HashBothAsync(new GeneratedStream(2_000_000, 1), new GeneratedStream(1_500_001, 2));

        Assert.That(digests, Is.EqualTo(new[]
        {
            await Digest.OfAsync(new GeneratedStream(2_000_000, 1)),
            await Digest.OfAsync(new GeneratedStream(1_500_001, 2)),
        }));
    }

    [Test]
    public async Task StreamParameter_ServerReadsPart_CallEndsAndTheSourceIsDisposed(CancellationToken cancellationToken)
    {
        var endless = new GeneratedStream(long.MaxValue, 3);

        byte[] start = await _remote.ReadSomeAsync(endless, 10_000);

        var expected = new byte[10_000];
        new GeneratedStream(long.MaxValue, 3).ReadExactly(expected);
        Assert.That(start, Is.EqualTo(expected));
        await endless.Disposed.WaitAsync(cancellationToken);
        // The server's window bounds what was read of an endless stream that nobody reads to its end.
        Assert.That(endless.Produced, Is.LessThan(4 * 1024 * 1024));
    }

    [Test]
    public async Task StreamParameter_SourceThrows_ServerReadFailsAndTheConnectionStays(CancellationToken cancellationToken)
    {
        string failure = await _remote.ReadUntilFailureAsync(new GeneratedStream(long.MaxValue, 4) { FailAfter = 100_000 });

        Assert.That(failure, Does.StartWith(nameof(RemoteException)).And.Contain("The generated stream failed on purpose."));
        Assert.That(await _remote.HashAsync(new GeneratedStream(10, 5)), Is.EqualTo(await Digest.OfAsync(new GeneratedStream(10, 5))));
    }

    [Test]
    public async Task NullStreams_TravelAsNull(CancellationToken cancellationToken)
    {
        Assert.That(await _remote.IsNullAsync(null), Is.True);
        Assert.That(await _remote.IsNullAsync(new MemoryStream([1, 2, 3])), Is.False);
        Assert.That(await _remote.ProduceNothingAsync(), Is.Null);
    }

    [TestCase(0L)]
    [TestCase(100L)]
    [TestCase(5 * 1024 * 1024 + 3L)]
    public async Task StreamResult_ReadAfterTheCall_HasEveryByte(long length, CancellationToken cancellationToken)
    {
        await using Stream result = await _remote.ProduceAsync(length, seed: 9);

        Assert.That(await Digest.OfAsync(result, cancellationToken: cancellationToken), Is.EqualTo(await Digest.OfAsync(new GeneratedStream(length, 9))));
        Assert.That(await result.ReadAsync(new byte[10], cancellationToken), Is.Zero, "the end reads as the end again");
        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task StreamResult_SourceThrows_ReadThrowsRemoteExceptionAndTheConnectionStays(CancellationToken cancellationToken)
    {
        await using Stream result = await _remote.ProduceFailingAsync(200_000);

        RemoteException? error = Assert.ThrowsAsync<RemoteException>(async () => await result.CopyToAsync(Stream.Null, cancellationToken));

        Assert.That(error!.RemoteType, Is.EqualTo("System.IO.IOException"));
        Assert.That(error.Message, Does.Contain("failed on purpose"));
        Assert.That(await _remote.HashAsync(new GeneratedStream(10, 5)), Is.EqualTo(await Digest.OfAsync(new GeneratedStream(10, 5))));
    }

    [Test]
    public async Task StreamResult_DisposedBeforeTheEnd_StopsTheServersSource(CancellationToken cancellationToken)
    {
        Stream result = _remote.ProduceEndless();
        byte[] buffer = new byte[50_000];
        await result.ReadExactlyAsync(buffer, cancellationToken);

        await result.DisposeAsync();

        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
        Assert.ThrowsAsync<ObjectDisposedException>(async () => await result.ReadExactlyAsync(buffer, cancellationToken));
    }

    [Test]
    public async Task StreamResult_ReadCancelled_ThrowsAndDisposingStopsTheSourcesRead(CancellationToken cancellationToken)
    {
        Stream result = _remote.ProduceSilent();
        using var cancel = new CancellationTokenSource();
        ValueTask<int> read = result.ReadAsync(new byte[100], cancel.Token);

        cancel.Cancel();

        Assert.That(async () => await read, Throws.InstanceOf<OperationCanceledException>());
        await result.DisposeAsync();
        await _transfer.LastSilent!.ReadCancelled.WaitAsync(cancellationToken);
        await _transfer.LastSilent.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task StreamParameter_CallCancelled_ServerReadThrowsAndTheSourceIsDisposed(CancellationToken cancellationToken)
    {
        var endless = new GeneratedStream(long.MaxValue, 6);
        using var cancel = new CancellationTokenSource();
        Task<long> call = _remote.ReadForeverAsync(endless, cancel.Token).AsTask();
        await _transfer.ForeverStarted.Task.WaitAsync(cancellationToken);

        cancel.Cancel();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await _transfer.ForeverEnded.Task.WaitAsync(cancellationToken), Is.InstanceOf<OperationCanceledException>());
        await endless.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task StreamResult_ServerStops_ReadThrowsRompException(CancellationToken cancellationToken)
    {
        await using Stream result = _remote.ProduceEndless();
        await result.ReadExactlyAsync(new byte[100_000], cancellationToken);

        await Server.DisposeAsync();

        RompException? error = Assert.ThrowsAsync<RompException>(async () => await result.CopyToAsync(Stream.Null, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ListenerKilled).Or.EqualTo(RompError.ClosedConnection));
        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task PipeReaders_BothWays_CarryEveryByte(CancellationToken cancellationToken)
    {
        var pipe = new Pipe();
        Task writing = WriteGeneratedAsync(pipe.Writer, 1_000_003, seed: 11, cancellationToken);

        Digest sent = await _remote.HashPipeAsync(pipe.Reader);
        await writing;
        PipeReader received = await _remote.ProducePipeAsync(777_777, seed: 12);
        await using Stream receivedStream = received.AsStream();

        Assert.That(sent, Is.EqualTo(await Digest.OfAsync(new GeneratedStream(1_000_003, 11))));
        Assert.That(await Digest.OfAsync(receivedStream, cancellationToken: cancellationToken), Is.EqualTo(await Digest.OfAsync(new GeneratedStream(777_777, 12))));
    }

    private static async Task WriteGeneratedAsync(PipeWriter writer, long length, int seed, CancellationToken cancellationToken)
    {
        var source = new GeneratedStream(length, seed);
        await source.CopyToAsync(writer, cancellationToken);
        await writer.CompleteAsync();
    }
}
