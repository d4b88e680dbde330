using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Romp.Description;
using Spectre.Console;

namespace Romp.Cli;

/// <summary>
/// <c>romp bench ENDPOINT</c>: a short, bounded load run (SYNC round trips, or calls of one method with --name and
/// --method) from a few concurrent callers on one connection, with a progress bar on a terminal; reports calls/s and
/// latency percentiles.
/// </summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var command = new Command("bench", "A quick load run: SYNC (or --name/--method calls) for --duration seconds or --count calls; reports calls/s and latency percentiles.");
        Argument<string> endpoint = RompCommands.Endpoint();
        var duration = new Option<double?>("--duration", "-d") { Description = "Seconds to run (default 3 unless --count is given)." };
        var count = new Option<long?>("--count", "-c") { Description = "Stop after this many calls." };
        var concurrency = new Option<int>("--concurrency") { Description = "Calls in flight at once.", DefaultValueFactory = static _ => 4 };
        var name = new Option<string?>("--name") { Description = "Call a method of the object bound as this name instead of SYNC (needs the describe service)." };
        var method = new Option<string?>("--method") { Description = "The method to call, with --name." };
        var arguments = new Argument<string[]>("ARGS") { Description = "The method's JSON arguments, with --name and --method.", Arity = ArgumentArity.ZeroOrMore };
        var plain = new Option<bool>("--plain") { Description = "No progress bar even on a terminal." };
        var connection = new ConnectionOptions();
        command.Arguments.Add(endpoint);
        command.Arguments.Add(arguments);
        command.Options.Add(duration);
        command.Options.Add(count);
        command.Options.Add(concurrency);
        command.Options.Add(name);
        command.Options.Add(method);
        command.Options.Add(plain);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => RompCommands.RunAsync(async ct =>
        {
            long? calls = result.GetValue(count);
            Limits limits = Limits.From(calls, result.GetValue(duration) ?? (calls is null ? 3 : null), defaultCount: long.MaxValue);
            int callers = result.GetValue(concurrency);
            if (callers is < 1 or > 1024)
                throw new CliException(ExitCode.Usage, "--concurrency must be between 1 and 1024.");
            await using RompClient client = await Session.ConnectAsync(result.GetRequiredValue(endpoint), connection.Create(result), ct);
            (Func<CancellationToken, Task> call, string what, IAsyncDisposable? held) = await PrepareAsync(
                client, result.GetValue(name), result.GetValue(method), result.GetValue(arguments) ?? [], ct);
            await using var _ = held;

            var run = new Run(limits, callers);
            if (!result.GetValue(plain) && Terminal.IsInteractive)
            {
                await AnsiConsole.Progress().StartAsync(async context =>
                {
                    ProgressTask task = context.AddTask($"bench {Markup.Escape(what)}", maxValue: 1000);
                    Task running = run.RunAsync(client, call, ct);
                    while (!running.IsCompleted)
                    {
                        task.Value = 1000 * run.Progress;
                        await Task.WhenAny(running, Task.Delay(100, ct));
                    }

                    await running;
                    task.Value = 1000;
                });
            }
            else
            {
                await run.RunAsync(client, call, ct);
            }

            double seconds = run.Elapsed.TotalSeconds;
            Console.WriteLine($"bench {what} on {client.Endpoint}: {run.Latencies.Count} calls in {seconds.ToString("0.00", CultureInfo.InvariantCulture)} s, " +
                $"{(run.Latencies.Count / Math.Max(seconds, 1e-9)).ToString("0", CultureInfo.InvariantCulture)} calls/s, {callers} concurrent");
            Console.WriteLine("latency: " + run.Latencies.Summary());
            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }

    // SYNC, or one method of a bound object with its arguments encoded once.
    private static async Task<(Func<CancellationToken, Task> Call, string What, IAsyncDisposable? Held)> PrepareAsync(
        RompClient client, string? name, string? method, string[] values, CancellationToken cancellationToken)
    {
        if (name is null && method is null)
        {
            if (values.Length > 0)
                throw new CliException(ExitCode.Usage, "arguments are for --name and --method; without them bench sends SYNC.");
            return (ct => client.SyncAsync(ct), "SYNC", null);
        }

        if (name is null || method is null)
            throw new CliException(ExitCode.Usage, "--name and --method go together.");
        RompObjectDescription target = (await Session.DescribeAsync(client, name, cancellationToken)).Objects[0];
        RompMethodDescription chosen = CallCommand.Choose(target, method, values.Length, null);
        byte[] payload;
        try
        {
            payload = new RompJsonCodec(target.Contract).EncodeArguments(chosen, values.Select(static v => JsonDocument.Parse(v).RootElement.Clone()).ToArray());
        }
        catch (JsonException error)
        {
            throw new CliException(ExitCode.BadArguments, $"bad argument for {chosen.Signature}: {error.Message}");
        }

        if (chosen.Kind == RompMethodKind.Stream)
            throw new CliException(ExitCode.BadArguments, $"{chosen.Name} is a stream; bench calls methods that answer once.");
        RompRemoteObject remote;
        try
        {
            remote = await client.ResolveAsync(target, cancellationToken);
        }
        catch (RompException error)
        {
            throw Session.Failed(client, error);
        }

        return (async ct => await remote.InvokeAsync(chosen.Id, payload, ct), $"{name}.{chosen.Name}", remote);
    }

    /// <summary>One load run: callers that each call in a loop until the limits say stop; only they touch its state, under its lock.</summary>
    private sealed class Run(Limits limits, int callers)
    {
        private readonly Lock _gate = new();
        private readonly Stopwatch _clock = new();
        private long _started;

        public Latencies Latencies { get; } = new();

        public TimeSpan Elapsed => _clock.Elapsed;

        public double Progress
        {
            get
            {
                double byTime = limits.Duration == Limits.MaxDuration ? 0 : _clock.Elapsed / limits.Duration;
                double byCount = limits.Count == long.MaxValue ? 0 : (double)Interlocked.Read(ref _started) / limits.Count;
                return Math.Clamp(Math.Max(byTime, byCount), 0, 1);
            }
        }

        public async Task RunAsync(RompClient client, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
        {
            _clock.Start();
            var workers = new Task[callers];
            for (int i = 0; i < workers.Length; i++)
                workers[i] = CallerAsync(client, call, cancellationToken);
            await Task.WhenAll(workers);
            _clock.Stop();
        }

        private async Task CallerAsync(RompClient client, Func<CancellationToken, Task> call, CancellationToken cancellationToken)
        {
            await Task.Yield();
            while (limits.Continues(Interlocked.Increment(ref _started) - 1, _clock.Elapsed))
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    await call(cancellationToken);
                }
                catch (Exception error) when (!cancellationToken.IsCancellationRequested)
                {
                    throw Session.Failed(client, error);
                }

                TimeSpan latency = Stopwatch.GetElapsedTime(start);
                lock (_gate)
                    Latencies.Add(latency);
            }
        }
    }
}
