using System.Diagnostics;
using System.Text;
using Romp.CompilerServices;
using Romp.MemoryPackTests.Versioning;
using Romp.Tests.Support;

namespace Romp.MemoryPackTests;

/// <summary>
/// A version-tolerant MemoryPack type across versions, between two processes: these tests are built with version 1 of
/// <see cref="Ticket"/>, tests/Romp.MemoryPack.Peer with version 2, which adds a member. The contract is the same source
/// in both, and its id names the type but not its members, so the two resolve each other; each then reads what the
/// other wrote. The peer runs on the child's standard streams and exits when the connection closes.
/// </summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class VersionToleranceTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(10);

    private readonly StringBuilder _stderr = new(); // guarded by itself
    private Process _peer = null!;
    private RompConnection _connection = null!;
    private IVersionedDesk _desk = null!;

    private static string PeerPath => Path.Combine(AppContext.BaseDirectory, "peer", "Romp.MemoryPack.Peer.dll");

    [SetUp]
    public async Task StartPeerAsync()
    {
        Assert.That(File.Exists(PeerPath), Is.True, $"{PeerPath} is missing: the test project copies the peer's build output there");
        var start = new ProcessStartInfo(ChildProcess.DotnetHost())
        {
            ArgumentList = { PeerPath },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        _stderr.Clear();
        _peer = Process.Start(start)!;
        _peer.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (_stderr)
                _stderr.AppendLine(e.Data);
        };
        _peer.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        // Only the raw streams: the readers Process wraps them in would add an encoding preamble or buffering.
        _connection = await RompConnection.AttachAsync(_peer.StandardOutput.BaseStream, _peer.StandardInput.BaseStream, cancellationToken: timeout.Token);
        _desk = await _connection.ResolveAsync<IVersionedDesk>(IVersionedDesk.Name, timeout.Token);
    }

    [TearDown]
    public async Task StopPeerAsync()
    {
        try
        {
            if (_connection is not null)
                await _connection.DisposeAsync();
            if (_peer is not null)
            {
                try
                {
                    await _peer.WaitForExitAsync().WaitAsync(s_exitTimeout);
                }
                catch (TimeoutException)
                {
                    TestContext.Out.WriteLine("The peer did not exit after the connection closed; killed it.");
                }
            }
        }
        finally
        {
            if (_peer is not null)
            {
                if (!_peer.HasExited)
                {
                    _peer.Kill(entireProcessTree: true);
                    await _peer.WaitForExitAsync();
                }

                lock (_stderr)
                {
                    if (_stderr.Length > 0)
                        TestContext.Out.WriteLine("peer stderr:\n" + _stderr);
                }

                _peer.Dispose();
            }
        }
    }

    [Test]
    public async Task Resolve_PeerWithVersion2_HasTheSameContractId()
    {
        Assert.That(await _desk.VersionAsync(), Is.EqualTo(2), "the peer must hold the other version");
        Assert.That(Ticket.Version, Is.EqualTo(1));
        Assert.That(await _desk.ContractIdAsync(), Is.EqualTo(RompContracts.Find<IVersionedDesk>()!.Id));
    }

    [Test]
    public async Task Describe_Version1TicketReadByVersion2_LeavesTheAddedMemberUnset()
    {
        string described = await _desk.DescribeAsync(new Ticket { Id = 7, Title = "löst" });

        Assert.That(described, Is.EqualTo("v2: Id=7 Title=löst Assignee=(none)"));
    }

    [Test]
    public async Task Create_Version2TicketReadByVersion1_SkipsTheAddedMemberAndReadsWhatFollows()
    {
        // The peer sets the member it added; version 1 skips it and still reads the int after the ticket.
        (Ticket ticket, int check) = await _desk.CreateAsync(8, "wörld", check: 0x5EED);

        Assert.That(ticket.Describe(), Is.EqualTo("v1: Id=8 Title=wörld"));
        Assert.That(check, Is.EqualTo(0x5EED));
    }

    [Test]
    public async Task Describe_Version2TicketSentBackByVersion1_HasLostTheMemberVersion1DoesNotKnow()
    {
        // MemoryPack keeps no unknown members: what version 1 re-sends is what version 1 knows.
        (Ticket ticket, _) = await _desk.CreateAsync(9, "round trip", check: 0);

        Assert.That(await _desk.DescribeAsync(ticket), Is.EqualTo("v2: Id=9 Title=round trip Assignee=(none)"));
    }
}
