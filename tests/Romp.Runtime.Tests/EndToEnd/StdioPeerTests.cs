using System.Diagnostics;
using System.Text;
using Romp.StdioPeer;
using Romp.Tests.Support;

namespace Romp.Tests.EndToEnd;

/// <summary>
/// <see cref="RompConnection.AttachAsync(Stream, Stream, RompConnectionOptions?, CancellationToken)"/> over a child
/// process's standard streams: tests/Romp.StdioPeer attaches to its own stdin and stdout and serves
/// <see cref="IStdioService"/>; the test attaches to the other ends. The child must exit cleanly when the test closes
/// the connection; teardown kills it if it did not.
/// </summary>
[TestFixture]
[CancelAfter(20_000)]
public sealed class StdioPeerTests
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(10);

    // One fixture instance runs every test: all of these are made afresh in SetUp.
    private StringBuilder _stderr = null!;
    private Process _process = null!;
    private RompConnection _connection = null!;

    [SetUp]
    public async Task StartPeerAsync()
    {
        _stderr = new StringBuilder();
        StringBuilder stderr = _stderr;
        _process = Process.Start(PeerProcess.StartInfo())!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (stderr)
                    stderr.AppendLine(e.Data);
            }
        };
        _process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        // The child's stdout is what we read, its stdin what we write. Only the raw streams: the StreamReader and
        // StreamWriter Process wraps them in are never used, so they add no encoding preamble or buffering.
        // The peer binds before it starts its side, so it can be resolved as soon as the handshake is done.
        _connection = await RompConnection.AttachAsync(_process.StandardOutput.BaseStream, _process.StandardInput.BaseStream, cancellationToken: timeout.Token);
    }

    [TearDown]
    public async Task StopPeerAsync()
    {
        try
        {
            if (_connection is not null)
                await _connection.DisposeAsync();
            if (_process is not null && !await ExitsWithinAsync(_process, s_exitTimeout))
                TestContext.Out.WriteLine("The stdio peer did not exit after the connection closed; killed it.");
        }
        finally
        {
            if (_process is not null)
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync();
                }

                _process.Dispose();
            }

            _process = null!;
            _connection = null!;
        }
    }

    [Test]
    public async Task Call_ServiceInTheChild_AnswersFromTheChildProcess(CancellationToken cancellationToken)
    {
        IStdioService service = await _connection.ResolveAsync<IStdioService>(IStdioService.Name, cancellationToken);
        string large = new('s', 500_000);

        Assert.That(await service.ProcessIdAsync(), Is.EqualTo(_process.Id));
        Assert.That(await service.EchoAsync("hello"), Is.EqualTo("hello"));
        Assert.That(await service.EchoAsync(large), Is.EqualTo(large), "many times a pipe's buffer, in both directions");
        await _connection.SyncAsync(cancellationToken);
    }

    [Test]
    public async Task Callback_PassedToTheChild_IsCalledBackOverTheSameStreams(CancellationToken cancellationToken)
    {
        IStdioService service = await _connection.ResolveAsync<IStdioService>(IStdioService.Name, cancellationToken);

        Assert.That(await service.RelayAsync(new UpperCase(), "relayed"), Is.EqualTo("child(RELAYED)"));
    }

    [Test]
    public async Task Bind_OnTheParent_TheChildResolvesAndCallsIt(CancellationToken cancellationToken)
    {
        _connection.Bind<IStdioCallback>(IStdioService.ParentName, new UpperCase());
        IStdioService service = await _connection.ResolveAsync<IStdioService>(IStdioService.Name, cancellationToken);

        Assert.That(await service.AskParentAsync("asked"), Is.EqualTo("child(ASKED)"));
    }

    [Test]
    public async Task DisposeAsync_ParentCloses_ChildExitsCleanly(CancellationToken cancellationToken)
    {
        IStdioService service = await _connection.ResolveAsync<IStdioService>(IStdioService.Name, cancellationToken);
        Assert.That(await service.EchoAsync("before"), Is.EqualTo("before"));

        await _connection.DisposeAsync();

        Assert.That(await ExitsWithinAsync(_process, s_exitTimeout), Is.True, "the child must exit once the connection closes");
        Assert.That(_process.ExitCode, Is.EqualTo(0), $"the child saw an abnormal close; its stderr:{Environment.NewLine}{Stderr()}");
        Assert.That(_connection.CloseReason?.Error, Is.EqualTo(RompError.ClosedConnection));
    }

    [Test]
    public async Task Completion_ChildKilled_ClosesWithConnectionBroken(CancellationToken cancellationToken)
    {
        IStdioService service = await _connection.ResolveAsync<IStdioService>(IStdioService.Name, cancellationToken);
        Assert.That(await service.EchoAsync("alive"), Is.EqualTo("alive"));

        _process.Kill(entireProcessTree: true);
        await _connection.Completion.WaitAsync(cancellationToken);

        Assert.That(_connection.CloseReason?.Error, Is.EqualTo(RompError.ConnectionBroken));
        var late = Assert.CatchAsync<RompException>(async () => await service.EchoAsync("late"));
        Assert.That(late!.Error, Is.EqualTo(RompError.ConnectionBroken));
    }

    private string Stderr()
    {
        lock (_stderr)
            return _stderr.ToString();
    }

    private static async Task<bool> ExitsWithinAsync(Process process, TimeSpan timeout)
    {
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private sealed class UpperCase : IStdioCallback
    {
        public ValueTask<string> TransformAsync(string text) => new(text.ToUpperInvariant());
    }
}
