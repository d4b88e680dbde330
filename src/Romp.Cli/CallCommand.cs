using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Romp.Description;

namespace Romp.Cli;

/// <summary>
/// <c>romp call ENDPOINT NAME METHOD ARGS...</c>: calls a method with JSON arguments and prints its result as JSON (a
/// stream's items one per line, up to --max-items). The describe metadata says how each argument is encoded; an
/// overload is chosen by the number of arguments, or by --id.
/// </summary>
internal static class CallCommand
{
    public static Command Create()
    {
        var command = new Command("call", "Call METHOD of the object bound as NAME with JSON arguments and print its result as JSON.");
        Argument<string> endpoint = RompCommands.Endpoint();
        var name = new Argument<string>("NAME") { Description = "A bound name, as 'romp ls' lists it." };
        var method = new Argument<string>("METHOD") { Description = "A method name as 'romp describe' shows it (a property's getter is get_Name, or just Name)." };
        var arguments = new Argument<string[]>("ARGS") { Description = "One JSON value per parameter: 42, true, '\"text\"', '[1,2]', '{\"X\":1}'. A bare word is taken as a string where the parameter is text-like.", Arity = ArgumentArity.ZeroOrMore };
        var id = new Option<int?>("--id") { Description = "The method id (as 'romp describe' shows it), to pick one overload of several." };
        var maxItems = new Option<int>("--max-items") { Description = "A stream method: stop after this many items (one JSON value per line).", DefaultValueFactory = static _ => 100 };
        var connection = new ConnectionOptions();
        command.Arguments.Add(endpoint);
        command.Arguments.Add(name);
        command.Arguments.Add(method);
        command.Arguments.Add(arguments);
        command.Options.Add(id);
        command.Options.Add(maxItems);
        connection.AddTo(command);
        command.SetAction((result, cancellationToken) => RompCommands.RunAsync(async ct =>
        {
            await using RompClient client = await Session.ConnectAsync(result.GetRequiredValue(endpoint), connection.Create(result), ct);
            RompObjectDescription target = (await Session.DescribeAsync(client, result.GetRequiredValue(name), ct)).Objects[0];
            string[] values = result.GetValue(arguments) ?? [];
            RompMethodDescription chosen = Choose(target, result.GetRequiredValue(method), values.Length, result.GetValue(id));
            var codec = new RompJsonCodec(target.Contract);
            byte[] payload = Encode(codec, chosen, values);
            EnsureReadable(target.Contract, chosen);

            await using RompRemoteObject remote = await ResolveAsync(client, target, ct);
            if (chosen.Kind == RompMethodKind.Stream)
                return await StreamAsync(client, remote, codec, chosen, payload, result.GetValue(maxItems), ct);
            byte[] answer;
            try
            {
                answer = await remote.InvokeAsync(chosen.Id, payload, ct);
            }
            catch (Exception error) when (!ct.IsCancellationRequested)
            {
                throw Session.Failed(client, error);
            }

            Console.WriteLine(codec.DecodeResult(chosen, new System.Buffers.ReadOnlySequence<byte>(answer), indented: true));
            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }

    // One compact JSON value per line, as items arrive; stopping early cancels the stream on the server.
    private static async Task<int> StreamAsync(RompClient client, RompRemoteObject remote, RompJsonCodec codec, RompMethodDescription method,
        byte[] payload, int maxItems, CancellationToken cancellationToken)
    {
        if (maxItems < 1)
            throw new CliException(ExitCode.Usage, "--max-items must be positive.");
        RompTypeShape item = method.Result.Arguments[0];
        int count = 0;
        try
        {
            await foreach (byte[] bytes in remote.InvokeStream(method.Id, payload, item, cancellationToken))
            {
                Console.WriteLine(codec.Decode(item, new System.Buffers.ReadOnlySequence<byte>(bytes)));
                if (++count == maxItems)
                    break;
            }
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested)
        {
            throw Session.Failed(client, error);
        }

        return ExitCode.Success;
    }

    private static async Task<RompRemoteObject> ResolveAsync(RompClient client, RompObjectDescription target, CancellationToken cancellationToken)
    {
        try
        {
            return await client.ResolveAsync(target, cancellationToken);
        }
        catch (RompException error) when (error.Error == RompError.UnknownObject)
        {
            throw new CliException(ExitCode.NotFound, $"'{target.Name}' was unbound meanwhile.");
        }
        catch (RompException error)
        {
            throw Session.Failed(client, error);
        }
    }

    /// <summary>The method by name (or a property's accessor), the overload by argument count, or exactly by id.</summary>
    public static RompMethodDescription Choose(RompObjectDescription target, string method, int arguments, int? id)
    {
        IReadOnlyList<RompMethodDescription> methods = target.Contract.Methods;
        List<RompMethodDescription> named = methods.Where(m => m.Name == method).ToList();
        if (named.Count == 0)
            named = methods.Where(m => m.Name == "get_" + method || m.Name == "set_" + method).ToList();
        if (id is { } wanted)
        {
            RompMethodDescription? byId = methods.FirstOrDefault(m => m.Id == wanted);
            if (byId is null || !named.Contains(byId))
                throw new CliException(ExitCode.NotFound, $"{target.Contract.InterfaceName} has no method {method} with id {wanted}; 'romp describe' shows the ids.");
            return byId;
        }

        if (named.Count == 0)
            throw new CliException(ExitCode.NotFound, $"{target.Contract.InterfaceName} has no method '{method}'; it has {string.Join(", ", methods.Select(static m => m.Name).Distinct())}.");
        List<RompMethodDescription> fitting = named.Where(m => m.Parameters.Count == arguments).ToList();
        return fitting.Count switch
        {
            1 => fitting[0],
            0 => throw new CliException(ExitCode.BadArguments, $"{method} takes {string.Join(" or ", named.Select(static m => m.Parameters.Count.ToString(CultureInfo.InvariantCulture)).Distinct())} argument(s), not {arguments}: " +
                string.Join("; ", named.Select(static m => m.Signature))),
            _ => throw new CliException(ExitCode.BadArguments, $"{method} has {fitting.Count} overloads that take {arguments} argument(s); pick one with --id: " +
                string.Join("; ", fitting.Select(static m => "#" + m.Id.ToString(CultureInfo.InvariantCulture) + " " + m.Signature))),
        };
    }

    private static byte[] Encode(RompJsonCodec codec, RompMethodDescription method, string[] values)
    {
        var elements = new JsonElement[values.Length];
        for (int i = 0; i < values.Length; i++)
            elements[i] = Parse(values[i], method.Parameters[i]);
        try
        {
            return codec.EncodeArguments(method, elements);
        }
        catch (JsonException error)
        {
            throw new CliException(ExitCode.BadArguments, $"bad argument for {method.Signature}: {error.Message}");
        }
    }

    // JSON, or for a text-like parameter a bare word, so that `romp call ... EchoAsync hello` needs no shell quoting.
    private static JsonElement Parse(string value, RompParameterDescription parameter)
    {
        try
        {
            using JsonDocument document = JsonDocument.Parse(value);
            return document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            RompTypeKind kind = parameter.Shape.Kind == RompTypeKind.Nullable ? parameter.Shape.Arguments[0].Kind : parameter.Shape.Kind;
            if (kind is RompTypeKind.String or RompTypeKind.Char or RompTypeKind.Guid or RompTypeKind.Enum or (>= RompTypeKind.DateTime and <= RompTypeKind.TimeOnly))
                return JsonSerializer.SerializeToElement(value, CliJsonContext.Default.String);
            throw new CliException(ExitCode.BadArguments, $"argument '{parameter.Name}' ({parameter.TypeName}) is not JSON: {error.Message}");
        }
    }

    // A result that holds a type the metadata cannot spell out cannot be shown: say so before calling, not after it ran.
    private static void EnsureReadable(RompContractDescription contract, RompMethodDescription method)
    {
        if (FindOpaque(contract, method.Result, new HashSet<string>(StringComparer.Ordinal)) is { } opaque)
            throw new CliException(ExitCode.BadArguments, $"{method.Name}'s result holds a {opaque}, which romp cannot read without its own formatter.");
    }

    private static string? FindOpaque(RompContractDescription contract, RompTypeShape shape, HashSet<string> seen)
    {
        if (shape.Kind == RompTypeKind.Opaque)
            return shape.Name;
        if (shape.Kind == RompTypeKind.ByteStream)
            return "Stream"; // its bytes come in frames of their own, which the tool does not read
        if (shape.Kind == RompTypeKind.Record && seen.Add(shape.Name!) && contract.FindType(shape.Name!) is { } type)
        {
            foreach (RompRecordMember member in type.Members)
            {
                if (FindOpaque(contract, member.Shape, seen) is { } inMember)
                    return inMember;
            }
        }

        foreach (RompTypeShape argument in shape.Arguments)
        {
            if (FindOpaque(contract, argument, seen) is { } inArgument)
                return inArgument;
        }

        return null;
    }
}
