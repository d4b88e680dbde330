using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace Resilience;

/// <summary>
/// The orchestrator's handle on one server child: this same program, started again with <c>server PORT</c>. The
/// child's output is printed with its process id; <see cref="Hang"/> and the end of its input are the two things the
/// orchestrator can tell it.
/// </summary>
internal sealed class ServerChild
{
    private readonly Process _process;
    private readonly TaskCompletionSource _listening = NewSignal();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holding = new(); // by method: completed once the hung child holds a call to it
    private int _gone; // set by the first Kill

    private ServerChild(Process process)
    {
        _process = process;
        Id = process.Id;
    }

    /// <summary>The child's process id, which every <see cref="Stock"/> it sends carries.</summary>
    public int Id { get; }

    /// <summary>Starts a child on <paramref name="port"/> and completes once it listens there.</summary>
    /// <exception cref="TimeoutException">It did not listen within <paramref name="timeout"/>; it is killed.</exception>
    /// <exception cref="InvalidOperationException">It exited first (the port was taken, say); its error output was printed.</exception>
    public static async Task<ServerChild> StartAsync(int port, TimeSpan timeout)
    {
        var child = new ServerChild(Process.Start(StartInfo(port))!);
        child.Watch();
        try
        {
            await child._listening.Task.WaitAsync(timeout);
            return child;
        }
        catch (TimeoutException)
        {
            child.Kill();
            throw new TimeoutException($"The server child {child.Id} did not listen on port {port} within {timeout.TotalSeconds:0} s.");
        }
        catch
        {
            child.Kill();
            throw;
        }
    }

    /// <summary>Tells the child to hold every call from now on instead of answering it.</summary>
    public void Hang() => _process.StandardInput.WriteLine("hang");

    /// <summary>Completes when the hung child reports that it holds a call to <paramref name="method"/> (<c>count</c>, <c>ship</c>).</summary>
    public Task HoldingAsync(string method) => _holding.GetOrAdd(method, static _ => NewSignal()).Task;

    /// <summary>
    /// Kills the child as a crash would (no goodbye: the kernel resets its connections) and lets go of it. Safe to call
    /// more than once, and from the process-exit handler.
    /// </summary>
    public void Kill()
    {
        if (Interlocked.Exchange(ref _gone, 1) != 0)
            return;
        try
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }

        _process.Dispose();
    }

    /// <summary>Ends the child's input, which stops it cleanly; kills it if it has not exited after <paramref name="timeout"/>.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        _process.StandardInput.Close();
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            Kill();
        }
    }

    // Under `dotnet Resilience.dll` this process is the dotnet host, which needs the program's dll to run it again; the
    // apphost that `dotnet run` starts is the program itself.
    private static ProcessStartInfo StartInfo(int port)
    {
        string self = Environment.ProcessPath ?? throw new InvalidOperationException("This process has no path to start again.");
        var start = new ProcessStartInfo(self)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
            start.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        start.ArgumentList.Add("server");
        start.ArgumentList.Add(port.ToString(CultureInfo.InvariantCulture));
        return start;
    }

    private void Watch()
    {
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
                OnOutput(line);
        };
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
                Timeline.Print($"server {Id} (error output): {line}");
        };
        _process.EnableRaisingEvents = true;
        _process.Exited += (_, _) => _listening.TrySetException(new InvalidOperationException($"The server child {Id} exited before it listened."));
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    private void OnOutput(string line)
    {
        Timeline.Print($"server {Id}: {line}");
        if (line.StartsWith("listening on ", StringComparison.Ordinal))
            _listening.TrySetResult();
        else if (line.StartsWith("holding ", StringComparison.Ordinal))
            _holding.GetOrAdd(line["holding ".Length..].Split('(')[0], static _ => NewSignal()).TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
