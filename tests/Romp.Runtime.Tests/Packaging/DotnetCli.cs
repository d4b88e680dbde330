using System.Diagnostics;
using System.Text;
using Romp.Tests.Support;

namespace Romp.Tests.Packaging;

/// <summary>
/// Runs the dotnet CLI (pack, build, the built app) in a folder, bounded by a timeout. Unlike
/// <see cref="ChildProcess"/> it keeps what the command printed when it overruns: a restore or build that hangs is
/// shown, not only timed out.
/// </summary>
internal static class DotnetCli
{
    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns its exit code
    /// and its output (both streams, in the order they arrived). Throws <see cref="TimeoutException"/>, with the output,
    /// after <paramref name="timeout"/>; the process and its children are killed then, and on cancellation.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        string workingDirectory, IEnumerable<string> arguments, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(ChildProcess.DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
            start.ArgumentList.Add(argument);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        start.Environment["DOTNET_CLI_WORKLOAD_UPDATE_NOTIFY_DISABLE"] = "1";

        var output = new StringBuilder();
        using var process = new Process { StartInfo = start };
        // Both handlers append under the same lock: the two streams arrive on their own threads.
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(bounded.Token);
            process.WaitForExit(); // the parameterless wait also drains the redirected streams
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            if (cancellationToken.IsCancellationRequested)
                throw;
            lock (output)
                throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish in {timeout}:\n{output}");
        }

        lock (output)
            return (process.ExitCode, output.ToString());
    }
}
