using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Romp.Cli;

/// <summary>
/// <c>romp ping ENDPOINT</c>: SYNC round trips (docs/protocol.md §3.5), one at a time, with a latency histogram drawn live
/// on a terminal, or one line per ping when the output is redirected. It needs no describe service.
/// </summary>
internal static class PingCommand
{
    public static Command Create()
    {
        var command = new Command("ping", "Measure SYNC round trips to ENDPOINT: a live latency histogram, or plain lines when redirected.");
        Argument<string> endpoint = RompCommands.Endpoint();
        var count = new Option<int?>("--count", "-c") { Description = "How many pings (default 10, or unbounded up to the duration with --duration)." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds." };
        var interval = new Option<double>("--interval", "-i") { Description = "Milliseconds between pings.", DefaultValueFactory = static _ => 200 };
        var plain = new Option<bool>("--plain") { Description = "One line per ping even on a terminal." };
        var connection = new ConnectionOptions();
        command.Arguments.Add(endpoint);
        command.Options.Add(count);
        command.Options.Add(duration);
        command.Options.Add(interval);
        command.Options.Add(plain);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => RompCommands.RunAsync(async ct =>
        {
            var limits = Limits.From(result.GetValue(count), result.GetValue(duration), defaultCount: 10);
            double wait = result.GetValue(interval);
            if (wait < 0)
                throw new CliException(ExitCode.Usage, "--interval must not be negative.");
            await using RompClient client = await Session.ConnectAsync(result.GetRequiredValue(endpoint), connection.Create(result), ct);
            var latencies = new Latencies();
            bool live = !result.GetValue(plain) && Terminal.IsInteractive;
            if (live)
            {
                await AnsiConsole.Live(Render(client.Endpoint, latencies)).StartAsync(async context =>
                    await PingAsync(client, limits, wait, latencies, _ => { context.UpdateTarget(Render(client.Endpoint, latencies)); context.Refresh(); }, ct));
            }
            else
            {
                await PingAsync(client, limits, wait, latencies, latency => Console.WriteLine(
                    $"sync {latencies.Count.ToString(CultureInfo.InvariantCulture)}: {Latencies.Format(latency.TotalMicroseconds)}"), ct);
            }

            Console.WriteLine($"{latencies.Count} pings to {client.Endpoint}: {latencies.Summary()}");
            if (!live)
            {
                foreach ((string label, long n) in latencies.Histogram())
                    Console.WriteLine($"  {label,-10} {new string('#', (int)Math.Ceiling(40.0 * n / latencies.Count)),-40} {n}");
            }

            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }

    private static async Task PingAsync(RompClient client, Limits limits, double intervalMs, Latencies latencies, Action<TimeSpan> reported, CancellationToken cancellationToken)
    {
        var elapsed = Stopwatch.StartNew();
        for (int i = 0; limits.Continues(i, elapsed.Elapsed); i++)
        {
            if (i > 0 && intervalMs > 0)
                await Task.Delay(TimeSpan.FromMilliseconds(intervalMs), cancellationToken);
            long start = Stopwatch.GetTimestamp();
            try
            {
                await client.SyncAsync(cancellationToken);
            }
            catch (RompException error)
            {
                throw Session.Failed(client, error);
            }

            TimeSpan latency = Stopwatch.GetElapsedTime(start);
            latencies.Add(latency);
            reported(latency);
        }
    }

    private static IRenderable Render(string endpoint, Latencies latencies)
    {
        var chart = new BarChart().Width(60).Label($"[bold]SYNC to {Markup.Escape(endpoint)}[/]: {latencies.Count} pings");
        foreach ((string label, long n) in latencies.Histogram())
            chart.AddItem(label, n, Color.Green);
        return new Rows(chart, new Markup(Markup.Escape(latencies.Count == 0 ? "waiting for the first answer" : latencies.Summary())));
    }
}
