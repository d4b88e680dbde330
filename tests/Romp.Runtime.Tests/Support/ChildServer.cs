using Romp.StdioPeer;

namespace Romp.Tests.Support;

/// <summary>
/// A RompServer serving <see cref="IChildServer"/> in a child process (the peer's <c>serve</c> mode), which a test can
/// kill with SIGKILL and start again on the same port, so that a client sees its server die and come back at the same
/// endpoint: what the kill tests need, and what reconnect tests will.
/// </summary>
public sealed class ChildServer : IAsyncDisposable
{
    // A port the killed process held may stay taken for a moment; starting again is retried, bounded in count and time.
    private const int StartAttempts = 50;
    private static readonly TimeSpan s_startRetryDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromSeconds(15);

    private PeerProcess? _process; // null once killed, until restarted

    private ChildServer(PeerProcess process, string endpoint)
    {
        _process = process;
        Endpoint = endpoint;
    }

    /// <summary>Where the server listens: <c>tcp://127.0.0.1:PORT</c>, the same after a restart.</summary>
    public string Endpoint { get; }

    public int Port => new Uri(Endpoint).Port;

    /// <summary>The id of the process serving now.</summary>
    public int ProcessId => (_process ?? throw new InvalidOperationException("The server is not running.")).Id;

    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts a server on <paramref name="port"/> (0: one the system picks) and waits until it listens.</summary>
    public static async Task<ChildServer> StartAsync(int port = 0, CancellationToken cancellationToken = default)
    {
        (PeerProcess process, string endpoint) = await StartOnAsync($"tcp://127.0.0.1:{port}", cancellationToken);
        return new ChildServer(process, endpoint);
    }

    /// <summary>Kills the server with SIGKILL and waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process)
            return;
        _process = null;
        process.Kill();
        await process.WaitForExitAsync().ConfigureAwait(false);
        await process.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Kills the server if it runs, then starts a fresh process listening on the same port.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        await KillAsync().ConfigureAwait(false);
        (_process, string endpoint) = await StartOnAsync(Endpoint, cancellationToken).ConfigureAwait(false);
        Assert.That(endpoint, Is.EqualTo(Endpoint));
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { } process)
            await process.DisposeAsync().ConfigureAwait(false);
        _process = null;
    }

    private static async Task<(PeerProcess Process, string Endpoint)> StartOnAsync(string endpoint, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_startTimeout);
        string failures = "";
        for (int attempt = 0; attempt < StartAttempts; attempt++)
        {
            PeerProcess process = PeerProcess.Start("serve", endpoint);
            string? listening = await process.ReadLineAsync(timeout.Token).ConfigureAwait(false);
            if (listening is not null)
                return (process, listening);

            // It exited before it listened: the port is still taken (exit code 3), or something is wrong.
            await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            int exitCode = process.ExitCode;
            failures = process.Stderr;
            await process.DisposeAsync().ConfigureAwait(false);
            if (exitCode != 3)
                break;
            await Task.Delay(s_startRetryDelay, timeout.Token).ConfigureAwait(false);
        }

        Assert.Fail($"The child server did not start on {endpoint}: {failures}");
        return default;
    }
}
