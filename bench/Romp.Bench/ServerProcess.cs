using System.Diagnostics;
using System.Globalization;

namespace Romp.Bench;

/// <summary>
/// The server child process: this same executable started with <c>--server</c> (and <c>--peers</c> when peer scenarios
/// run). Its stdout says where each server listens and answers control requests; closing its stdin stops it. Disposing
/// stops it, and kills it if it does not stop in time.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _process;

    private ServerProcess(Process process, ServerEndpoints endpoints)
    {
        _process = process;
        Endpoints = endpoints;
    }

    public ServerEndpoints Endpoints { get; }

    public int ProcessId => _process.Id;

    /// <summary>
    /// Starts the child serving Romp on <paramref name="endpoint"/> (without the ambient call context when
    /// <paramref name="noCallContext"/>, with <paramref name="telemetry"/>, the --telemetry option to listen to its own telemetry), the raw floors
    /// next to it, and with <paramref name="peers"/> the peers' servers.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(string endpoint, bool peers, bool noCallContext, string? telemetry)
    {
        string path = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this executable is unknown.");
        var info = new ProcessStartInfo(path)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
        };
        // Under 'dotnet Romp.Bench.dll' the process is the dotnet host: the child needs the assembly too. The apphost (and AOT) needs nothing.
        if (Path.GetFileNameWithoutExtension(path).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, typeof(ServerProcess).Assembly.GetName().Name + ".dll"));
        info.ArgumentList.Add("--server");
        info.ArgumentList.Add(endpoint);
        if (peers)
            info.ArgumentList.Add("--peers");
        if (noCallContext)
            info.ArgumentList.Add("--no-call-context");
        if (telemetry is not null)
            info.ArgumentList.Add(telemetry);
        info.Environment[BenchServer.ChildVariable] = "1";

        Process process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {path}.");
        try
        {
            process.StandardInput.AutoFlush = true;
            // The lines come in the order BenchServer prints them.
            string listening = await ReadLineAsync(process, "listening ").ConfigureAwait(false);
            string lowLatency = await ReadLineAsync(process, "low-latency ").ConfigureAwait(false);
            string raw = await ReadLineAsync(process, "raw ").ConfigureAwait(false);
            string rawSpin = await ReadLineAsync(process, "raw-spin ").ConfigureAwait(false);
            string? grpc = null, jsonRpc = null, signalR = null;
            if (peers)
            {
                grpc = await ReadLineAsync(process, "grpc ").ConfigureAwait(false);
                jsonRpc = await ReadLineAsync(process, "jsonrpc ").ConfigureAwait(false);
                signalR = await ReadLineAsync(process, "signalr ").ConfigureAwait(false);
            }

            return new ServerProcess(process, new ServerEndpoints(listening, lowLatency, raw, rawSpin, grpc, jsonRpc, signalR));
        }
        catch
        {
            Kill(process);
            process.Dispose();
            throw;
        }
    }

    /// <summary>GC.GetTotalAllocatedBytes(precise: true) of the server process, now.</summary>
    public async Task<long> GetAllocatedBytesAsync()
    {
        string value = await RequestAsync("stats", "allocated ").ConfigureAwait(false);
        return long.Parse(value, NumberStyles.None, CultureInfo.InvariantCulture);
    }

    /// <summary>A full collection in the server, so that a collection of the previous scenario's garbage does not land in the next one.</summary>
    public Task CollectAsync() => RequestAsync("gc", "ok");

    /// <summary>Last resort (process exit): kill without waiting.</summary>
    public void Kill() => Kill(_process);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(ExitTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or TimeoutException or InvalidOperationException)
        {
            Console.Error.WriteLine($"The server process did not stop by itself ({e.Message}); killing it.");
        }
        finally
        {
            Kill(_process);
            _process.Dispose();
        }
    }

    private async Task<string> RequestAsync(string command, string replyPrefix)
    {
        await _process.StandardInput.WriteLineAsync(command).ConfigureAwait(false);
        return await ReadLineAsync(_process, replyPrefix).ConfigureAwait(false);
    }

    private static async Task<string> ReadLineAsync(Process process, string prefix)
    {
        string? line;
        try
        {
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(ReplyTimeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The server process did not answer within {ReplyTimeout.TotalSeconds:0} s (waiting for '{prefix.Trim()}').");
        }

        if (line is null)
            throw new InvalidOperationException($"The server process exited{(process.HasExited ? $" with code {process.ExitCode}" : "")} (waiting for '{prefix.Trim()}').");
        if (!line.StartsWith(prefix, StringComparison.Ordinal))
            throw new InvalidOperationException($"The server process said '{line}' (expected '{prefix.Trim()}').");
        return line.Substring(prefix.Length);
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }
}
