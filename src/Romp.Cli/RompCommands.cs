using System.CommandLine;

namespace Romp.Cli;

/// <summary>The command tree: <c>romp ls|describe|call|ping|bench ENDPOINT ...</c>.</summary>
internal static class RompCommands
{
    public static RootCommand Create()
    {
        var root = new RootCommand("Ask a Romp server what it offers, call it, and measure it. ls, describe and call need the server's describe service (RompServerOptions.EnableDescribe).");
        root.Subcommands.Add(ListCommand.Create());
        root.Subcommands.Add(DescribeCommand.Create());
        root.Subcommands.Add(CallCommand.Create());
        root.Subcommands.Add(PingCommand.Create());
        root.Subcommands.Add(BenchCommand.Create());
        return root;
    }

    public static Argument<string> Endpoint() => new("ENDPOINT") { Description = "The server: tcp://host:port, tls://host:port or unix:///path." };

    /// <summary>Runs a command's body: a <see cref="CliException"/> becomes one line on standard error and its exit code.</summary>
    public static async Task<int> RunAsync(Func<CancellationToken, Task<int>> body, CancellationToken cancellationToken)
    {
        try
        {
            return await body(cancellationToken);
        }
        catch (CliException error)
        {
            await Console.Error.WriteLineAsync("romp: " + error.Message);
            return error.Code;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync("romp: cancelled");
            return 130;
        }
    }
}
