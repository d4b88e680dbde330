using System.CommandLine;
using Romp.Description;

namespace Romp.Cli;

/// <summary><c>romp ls ENDPOINT</c>: the names the server lets this client resolve, with their interfaces and contract names.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var command = new Command("ls", "List the bound names this client may resolve: name, interface, contract name, method count.");
        Argument<string> endpoint = RompCommands.Endpoint();
        var connection = new ConnectionOptions();
        command.Arguments.Add(endpoint);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => RompCommands.RunAsync(async ct =>
        {
            await using RompClient client = await Session.ConnectAsync(result.GetRequiredValue(endpoint), connection.Create(result), ct);
            RompServiceDescription service = await Session.DescribeAsync(client, null, ct);
            int width = service.Objects.Count == 0 ? 0 : service.Objects.Max(static o => o.Name.Length);
            foreach (RompObjectDescription target in service.Objects)
            {
                RompContractDescription contract = target.Contract;
                Console.WriteLine($"{target.Name.PadRight(width)}  {contract.InterfaceName}  '{contract.ContractName}'  {contract.Methods.Count} method{(contract.Methods.Count == 1 ? "" : "s")}");
            }

            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }
}
