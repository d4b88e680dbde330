using System.Diagnostics;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Faults;

/// <summary>
/// The server→client direction stops moving while the client waits for a large answer. Today only the server can tell:
/// its write stalls, and StalledWriteTimeout closes the connection with SendFailed. The client learns nothing until the
/// path moves again (or, once it lands, a keepalive fires: issue 9).
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(20_000)]
public sealed class StallTests : ProxiedServerFixture
{
    private static readonly TimeSpan s_stalledWriteTimeout = TimeSpan.FromMilliseconds(500);

    protected override RompServerOptions ServerOptions => new() { StalledWriteTimeout = s_stalledWriteTimeout };

    [Test]
    public async Task ServerToClientStalled_ServerClosesWithSendFailed_ClientFailsOnceThePathMoves(CancellationToken cancellationToken)
    {
        ICalculator calc = await ResolveThroughProxyAsync(cancellationToken);
        var closed = new TaskCompletionSource<RompConnectionClosedEventArgs>(TaskCreationOptions.RunContinuationsAsynchronously);
        Server.ConnectionClosed += (_, e) => closed.TrySetResult(e);
        // More than the kernel's buffers on the way can hold (4 MiB of send buffer, 128 KiB of receive buffer here).
        var large = new byte[12 * 1024 * 1024];

        Link.ServerToClient.Stall();
        long readBeforeStall = Link.ServerToClient.BytesRead;
        var clock = Stopwatch.StartNew();
        Task<byte[]> echo = calc.EchoBytesAsync(large).AsTask();
        RompConnectionClosedEventArgs serverClosed = await closed.Task.WaitAsync(cancellationToken);
        TimeSpan serverGaveUp = clock.Elapsed;

        Assert.That(serverClosed.Error!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(serverClosed.Error.Message, Does.Contain("StalledWriteTimeout"));
        Assert.That(serverGaveUp, Is.GreaterThanOrEqualTo(s_stalledWriteTimeout));
        Assert.That(echo.IsCompleted, Is.False, "nothing reached the client: it still waits");
        Assert.That(Proxied.IsConnected, Is.True);
        Assert.That(Link.ServerToClient.BytesRead, Is.EqualTo(readBeforeStall));

        Link.ServerToClient.Resume();

        var error = Assert.CatchAsync<RompException>(async () => await echo.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken));
        Assert.That(error!.Error, Is.EqualTo(RompError.ConnectionBroken), error.Message);
        await Proxied.Completion.WaitAsync(TimeSpan.FromSeconds(2), cancellationToken);
        Assert.That(Proxied.CloseReason!.Error, Is.EqualTo(RompError.ConnectionBroken));
        TestContext.Out.WriteLine($"The server gave up {serverGaveUp.TotalMilliseconds:0} ms after the call (StalledWriteTimeout {s_stalledWriteTimeout.TotalMilliseconds} ms).");
    }
}
