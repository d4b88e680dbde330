using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// The path is cut while byte streams flow: the reader's next read throws RompException (ConnectionBroken), on whichever
/// side reads, the call with it fails the same way, and the writer's stream is disposed.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class ByteStreamCutTests : ProxiedServerFixture
{
    private Transfer _transfer = null!;

    [SetUp]
    public void Bind()
    {
        _transfer = new Transfer();
        Server.Bind<ITransfer>("transfer", _transfer);
    }

    [TestCase(ProxyCut.Reset)]
    [TestCase(ProxyCut.Fin)]
    public async Task Cut_WhileReadingAResult_ReadThrowsConnectionBroken(ProxyCut how, CancellationToken cancellationToken)
    {
        ITransfer remote = await Proxied.ResolveAsync<ITransfer>("transfer", cancellationToken);
        await using Stream result = remote.ProduceEndless();
        await result.ReadExactlyAsync(new byte[200_000], cancellationToken);

        Link.Cut(how);

        RompException? error = Assert.CatchAsync<RompException>(async () => await result.CopyToAsync(Stream.Null, cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        await _transfer.LastProduced!.Disposed.WaitAsync(cancellationToken);
    }

    [TestCase(ProxyCut.Reset)]
    [TestCase(ProxyCut.Fin)]
    public async Task Cut_WhileTheServerReadsAnArgument_BothSidesFailAndTheSourceIsDisposed(ProxyCut how, CancellationToken cancellationToken)
    {
        ITransfer remote = await Proxied.ResolveAsync<ITransfer>("transfer", cancellationToken);
        var endless = new GeneratedStream(long.MaxValue, 8);
        Task<long> call = remote.ReadForeverAsync(endless, CancellationToken.None).AsTask();
        await _transfer.ForeverStarted.Task.WaitAsync(cancellationToken);

        Link.Cut(how);

        RompException? callError = Assert.CatchAsync<RompException>(async () => await call.WaitAsync(cancellationToken));
        Assert.That(callError!.Error, Is.EqualTo(RompError.ConnectionBroken), callError.Message);
        Exception serverError = await _transfer.ForeverEnded.Task.WaitAsync(cancellationToken);
        Assert.That(serverError, Is.InstanceOf<RompException>().With.Property(nameof(RompException.Error)).EqualTo(RompError.ConnectionBroken), serverError.ToString());
        await endless.Disposed.WaitAsync(cancellationToken);
    }
}
