using System.Net.Sockets;

namespace Romp.StdioPeer;

/// <summary>
/// <c>serve tcp://127.0.0.1:PORT</c>: a RompServer serving <see cref="IChildServer"/>, for the tests that kill a server
/// or load one. Port 0 picks a free port; either way the real endpoint is the first line on standard output.
/// </summary>
internal static class ServeMode
{
    /// <summary>Serves until standard input ends (the test closed it, or died): 0. A port already taken is 3.</summary>
    public static async Task<int> RunAsync(string endpoint)
    {
        await using var server = new RompServer(endpoint);
        server.Bind<IChildServer>(IChildServer.Name, new ChildServerService(server));
        try
        {
            await server.StartAsync();
        }
        catch (RompException error) when (error.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse })
        {
            Console.Error.WriteLine($"romp-stdio-peer: {endpoint} is taken: {error.Message}");
            return 3;
        }

        Console.Out.WriteLine(server.Endpoint);
        Console.Out.Flush();
        await Console.OpenStandardInput().CopyToAsync(Stream.Null);
        return 0;
    }
}
