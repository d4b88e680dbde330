using System.CommandLine;
using System.Globalization;
using Romp.Description;

namespace Romp.Cli;

/// <summary><c>romp describe ENDPOINT NAME</c>: one object's methods, with their ids and signatures, and the types they use.</summary>
internal static class DescribeCommand
{
    public static Command Create()
    {
        var command = new Command("describe", "Show the methods of the object bound as NAME (id, kind, signature) and the records and enums they use.");
        Argument<string> endpoint = RompCommands.Endpoint();
        var name = new Argument<string>("NAME") { Description = "A bound name, as 'romp ls' lists it." };
        var connection = new ConnectionOptions();
        command.Arguments.Add(endpoint);
        command.Arguments.Add(name);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => RompCommands.RunAsync(async ct =>
        {
            await using RompClient client = await Session.ConnectAsync(result.GetRequiredValue(endpoint), connection.Create(result), ct);
            RompObjectDescription target = (await Session.DescribeAsync(client, result.GetRequiredValue(name), ct)).Objects[0];
            Write(target);
            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }

    private static void Write(RompObjectDescription target)
    {
        RompContractDescription contract = target.Contract;
        Console.WriteLine($"{target.Name}: {contract.InterfaceName} (contract '{contract.ContractName}', {contract.Access.ToString().ToLowerInvariant()})");
        foreach (RompMethodDescription method in contract.Methods)
        {
            string notes = (method.Kind switch
            {
                RompMethodKind.Oneway => " [oneway]",
                RompMethodKind.OnewaySync => " [oneway sync]",
                RompMethodKind.Stream => " [stream]",
                _ => "",
            }) + (method.IsIdempotent ? " [idempotent]" : "");
            Console.WriteLine($"  {("#" + method.Id.ToString(CultureInfo.InvariantCulture)).PadLeft(6)}  {method.Signature}{notes}");
        }

        foreach (RompNamedType type in contract.Types)
        {
            if (type.Kind == RompTypeKind.Enum)
            {
                string values = string.Join(", ", type.Values.Select(static v => v.Name + " = " + v.Value.ToString(CultureInfo.InvariantCulture)));
                Console.WriteLine($"  enum {type.Name} : {type.UnderlyingKind} {{ {values} }}");
            }
            else if (type.Kind == RompTypeKind.Union)
            {
                // The cases as the JSON of `romp call` names them: "$type" is a record case's name.
                string cases = string.Join(" | ", type.Cases.Select(static c => c.Shape.Name + " = " + c.Tag.ToString(CultureInfo.InvariantCulture)));
                Console.WriteLine($"  union {type.Name} {{ {cases} }}");
            }
            else
            {
                string members = string.Join("; ", type.Members.Select(static m => m.TypeName + " " + m.Name));
                Console.WriteLine($"  {(type.IsValueType ? "struct" : "record")} {type.Name} {{ {members} }}");
            }
        }
    }
}
