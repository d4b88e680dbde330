using Romp.Protocol;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// Bytes vanish while both TCP connections stay open: the half-open case. Today nothing in Romp notices it; only the
/// caller's own timeout ends the wait (KeepAliveTests shows what issue 9's keepalive must do). A dropped CANCEL is the
/// same fault aimed at one frame.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class BlackHoleTests : ProxiedServerFixture
{
    [Test]
    public async Task ServerToClientBlackHoled_NothingDetectsIt_OnlyTheCallersTimeoutEndsTheWait(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        Link.ServerToClient.BlackHole = true;

        using var callTimeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Assert.CatchAsync<OperationCanceledException>(async () => await calc.AddAsync(1, 2, callTimeout.Token));
        // The answer was sent, and lost on the way.
        await Link.ServerToClient.WaitUntilAsync(static d => d.FramesDropped >= 1, cancellationToken);

        Assert.That(Proxied.IsConnected, Is.True, "the client cannot tell");
        Assert.That(ServerSideOfLink().CloseReason, Is.Null, "nor can the server: its writes succeed");
        Assert.That(Link.IsCut, Is.False);
    }

    [Test]
    public async Task CancelDropped_ServerCallRunsOnUntilTheConnectionCloses(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        Link.ClientToServer.DropFramesOfType((byte)FrameType.Cancel);
        using var cancel = new CancellationTokenSource();
        Task<int> waiting = calc.WaitForCancellationAsync(cancel.Token).AsTask();
        await Calculator.WaitingForCancellation.Task.WaitAsync(cancellationToken);

        cancel.Cancel();

        Assert.CatchAsync<OperationCanceledException>(async () => await waiting, "the caller stops waiting at once");
        await Link.ClientToServer.WaitUntilAsync(static d => d.FramesDropped == 1, cancellationToken);
        // Frames keep their order: once this answer is back, a CANCEL let through would have been read before it.
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
        Assert.That(Calculator.ServerCancellations.Task.IsCompleted, Is.False, "the server never heard of the cancel");
        Assert.That(ServerSideOfLink().ActiveIncoming, Is.EqualTo(1), "the call still runs there");

        // Without a deadline, only the connection's end stops it.
        await Proxied.DisposeAsync();
        await Calculator.ServerCancellations.Task.WaitAsync(cancellationToken);
    }

    [Test]
    public async Task CancelDropped_CallWithADeadline_ServerTokenFiresAtTheDeadlineAnyway(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        Link.ClientToServer.DropFramesOfType((byte)FrameType.Cancel);
        Task<int> waiting;
        using (RompDeadline.Within(TimeSpan.FromMilliseconds(300)))
            waiting = calc.WaitForCancellationAsync(CancellationToken.None).AsTask();

        RompException? error = Assert.CatchAsync<RompException>(async () => await waiting);
        Assert.That(error!.Error, Is.EqualTo(RompError.Timeout), "the caller gets Timeout, not OperationCanceledException");
        // No CANCEL gets through (the caller's, if its own timer fires first, is dropped): the server's deadline did it.
        await Calculator.ServerCancellations.Task.WaitAsync(cancellationToken);

        Assert.That(Proxied.IsConnected, Is.True, "the deadline ended the call, not the connection");
        Assert.That(await calc.AddAsync(1, 2, cancellationToken), Is.EqualTo(3));
    }
}
