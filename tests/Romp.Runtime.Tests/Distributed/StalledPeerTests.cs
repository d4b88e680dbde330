using Romp.Protocol;
using Romp.Rpc;
using Romp.CompilerServices;
using Romp.Tests.Connections;
using Romp.Tests.Contracts;
using Romp.Tests.Support;

namespace Romp.Tests.Distributed;

/// <summary>
/// Releases are written by a pool thread. When the peer stops reading, that writer meets StalledWriteTimeout like any
/// other; it must close the connection, not escape as an unhandled exception that ends the process.
/// </summary>
[TestFixture]
[Category("Socket")]
[CancelAfter(60_000)]
public sealed class StalledPeerTests() : ServerFixture(Transports.Tcp)
{
    protected override RompServerOptions ServerOptions => new() { StalledWriteTimeout = TimeSpan.FromSeconds(1) };

    [Test]
    public async Task PeerStopsReading_ReleaseWriterStalls_ConnectionClosedProcessSurvives(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await RawPeer.ConnectHandshakenAsync(Server.Endpoint, cancellationToken);
        await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
        var connection = Server.Connections.Single(static c => c.Exports.Count == 1); // the fixture's client resolved nothing

        // A backlog from writes that do not wait (as the read loop's own answers), so that the release writer is the
        // first to wait on the peer.
        for (int i = 0; i < 4; i++)
        {
            connection.Channel.Output.TryWrite(FrameType.Discard, 0, new Filler(12_000_000));
            connection.Channel.Output.Flush();
        }

        connection.QueueRelease(1, 1);
        await connection.Completion.WaitAsync(cancellationToken);

        Assert.That(connection.CloseReason!.Error, Is.EqualTo(RompError.SendFailed));
        ICalculator calc = await Client.ResolveAsync<ICalculator>("calc");
        Assert.That(await calc.AddAsync(2, 3), Is.EqualTo(5));
    }

    /// <summary>
    /// The stall rule counts what the peer sends as progress too; a peer that announced KeepAlive, then neither reads nor
    /// sends anything (a dead process behind an open socket), still trips StalledWriteTimeout.
    /// </summary>
    [Test]
    public async Task PeerAnnouncedKeepAliveThenNeverReadsNorSends_ClosedWithSendFailed(CancellationToken cancellationToken)
    {
        await using RawPeer peer = await KeepAliveTests.ConnectAnnouncingAsync(Server.Endpoint, cancellationToken);
        await peer.ResolveAsync("calc", RompContracts.Find<ICalculator>()!.ContractName, cancellationToken);
        var connection = Server.Connections.Single(static c => c.Exports.Count == 1);

        for (int i = 0; i < 4; i++)
        {
            connection.Channel.Output.TryWrite(FrameType.Discard, 0, new Filler(12_000_000));
            connection.Channel.Output.Flush();
        }

        await connection.Completion.WaitAsync(cancellationToken);

        Assert.That(connection.CloseReason!.Error, Is.EqualTo(RompError.SendFailed));
        Assert.That(connection.CloseReason.Message, Does.Contain("StalledWriteTimeout"));
    }

    private readonly struct Filler(int size) : IRompArgs
    {
        public void Write(ref RompWriter writer) => writer.WriteRaw(new byte[size]);
    }
}
