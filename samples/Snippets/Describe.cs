using System.Buffers;
using System.Text.Json;
using Romp.Description;

namespace Snippets;

/// <summary>The README's "Asking a server what it offers": the describe service, and a call made from JSON with no proxy.</summary>
public static class Describe
{
    public static async Task RunAsync()
    {
        #region README
        var options = new RompServerOptions { EnableDescribe = true };   // off by default
        await using var server = new RompServer("tcp://127.0.0.1:0", options);
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync();

        await using RompClient client = await RompClient.ConnectAsync(server.Endpoint);
        RompServiceDescription service = await client.DescribeAsync();  // the names this client may resolve
        foreach (RompObjectDescription bound in service.Objects)
        {
            Console.WriteLine($"describe: {bound.Name}: {bound.Contract.InterfaceName}");
            foreach (RompMethodDescription method in bound.Contract.Methods)
                Console.WriteLine($"describe:   #{method.Id} {method.Signature}");
        }

        // A call from JSON, with no generated proxy: what the romp tool does.
        RompObjectDescription calc = service.Find("calc")!;
        RompMethodDescription add = calc.Contract.Methods.Single(m => m.Name == "AddAsync");
        var codec = new RompJsonCodec(calc.Contract);
        byte[] arguments = codec.EncodeArguments(add, [JsonDocument.Parse("2").RootElement, JsonDocument.Parse("40").RootElement]);
        await using RompRemoteObject remote = await client.ResolveAsync(calc);
        byte[] answer = await remote.InvokeAsync(add.Id, arguments);
        Console.WriteLine($"describe: AddAsync(2, 40) = {codec.DecodeResult(add, new ReadOnlySequence<byte>(answer))}");
        #endregion
    }
}
