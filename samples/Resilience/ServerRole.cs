using Romp;

namespace Resilience;

/// <summary>
/// The server child (<c>Resilience server PORT</c>): the warehouse, bound by name on the orchestrator's port. Its
/// standard output tells the orchestrator what it does; its standard input brings the one command, <c>hang</c>, and its
/// end (the orchestrator is done, or gone) stops the child, so it never outlives the orchestrator.
/// </summary>
internal static class ServerRole
{
    public static async Task<int> RunAsync(int port)
    {
        var warehouse = new Warehouse();
        await using var server = new RompServer($"tcp://127.0.0.1:{port}");
        server.Bind<IWarehouse>(IWarehouse.Name, warehouse);
        await server.StartAsync();
        Console.WriteLine($"listening on {server.Endpoint}");

        while (await Console.In.ReadLineAsync() is { } command)
        {
            if (command == "hang")
                warehouse.Hang();
        }

        return 0;
    }
}
