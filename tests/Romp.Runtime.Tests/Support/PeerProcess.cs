using System.Diagnostics;
using System.Text;
using System.Threading.Channels;

namespace Romp.Tests.Support;

/// <summary>
/// tests/Romp.StdioPeer run as a long-lived child process with <c>dotnet</c>, its standard output read line by line and its
/// standard error kept for messages. The test project copies the peer's build output to stdio-peer/ next to the tests.
/// </summary>
public sealed class PeerProcess : IAsyncDisposable
{
    private static readonly TimeSpan s_exitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new(); // guarded by itself
    private int _disposed;

    private PeerProcess(Process process) => _process = process;

    /// <summary>The peer's assembly, run with <c>dotnet</c>.</summary>
    public static string PeerPath => Path.Combine(AppContext.BaseDirectory, "stdio-peer", "Romp.StdioPeer.dll");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the child wrote to standard error so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
                return _stderr.ToString();
        }
    }

    /// <summary>How to start the peer with <paramref name="args"/>, all three standard streams redirected.</summary>
    public static ProcessStartInfo StartInfo(params string[] args)
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
        foreach (string arg in args)
            start.ArgumentList.Add(arg);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        return start;
    }

    /// <summary>Starts the peer with <paramref name="args"/> (a mode of tests/Romp.StdioPeer/Program.cs).</summary>
    public static PeerProcess Start(params string[] args)
    {
        var child = new PeerProcess(new Process { StartInfo = StartInfo(args) });
        child._process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
                child._lines.Writer.TryComplete();
            else
                child._lines.Writer.TryWrite(e.Data);
        };
        child._process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null)
                return;
            lock (child._stderr)
                child._stderr.AppendLine(e.Data);
        };
        child._process.Start();
        child._process.BeginOutputReadLine();
        child._process.BeginErrorReadLine();
        return child;
    }

    /// <summary>The next line the child printed; null once its standard output has ended (it exited).</summary>
    public async Task<string?> ReadLineAsync(CancellationToken cancellationToken)
    {
        while (await _lines.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_lines.Reader.TryRead(out string? line))
                return line;
        }

        return null;
    }

    /// <summary>SIGKILL, as the kernel's OOM killer or a crash would end it: no code of its runs, no socket closes in order.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public Task WaitForExitAsync(CancellationToken cancellationToken = default) => _process.WaitForExitAsync(cancellationToken);

    /// <summary>Ends standard input, which ends every mode of the peer; kills it if it is still running 10 s later.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            if (!_process.HasExited)
            {
                try
                {
                    _process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // It is exiting: the pipe is gone.
                }

                try
                {
                    await _process.WaitForExitAsync().WaitAsync(s_exitTimeout).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    TestContext.Out.WriteLine($"The child {_process.Id} did not exit when its standard input ended; killed it.");
                    Kill();
                    await _process.WaitForExitAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _process.Dispose();
        }
    }
}
