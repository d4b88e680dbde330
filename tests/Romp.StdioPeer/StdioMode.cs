namespace Romp.StdioPeer;

/// <summary>
/// The default mode: a Romp peer over this process's standard streams, for the runtime tests that attach to a child
/// process. Standard output carries the protocol, so nothing else may write to it: diagnostics go to standard error.
/// </summary>
internal static class StdioMode
{
    /// <summary>Ends when the connection does: 0 after an orderly close by the parent, 2 otherwise.</summary>
    /// <remarks>
    /// A parent that never says hello is dropped after the handshake timeout, and one that dies ends standard input, so
    /// the peer never outlives its test.
    /// </remarks>
    public static async Task<int> RunAsync()
    {
        // Bound before the connection starts, so the service is there when the parent's first resolve arrives.
        await using RompConnection parent = RompConnection.Create(Console.OpenStandardInput(), Console.OpenStandardOutput());
        parent.Bind<IStdioService>(IStdioService.Name, new StdioService(parent));
        await parent.StartAsync();
        await parent.Completion;

        RompException? reason = parent.CloseReason;
        if (reason?.Error == RompError.ClosedConnection)
            return 0;
        Console.Error.WriteLine($"romp-stdio-peer: the connection ended abnormally ({reason?.Error}): {reason?.Message}");
        return 2;
    }
}
