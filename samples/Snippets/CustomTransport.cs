namespace Snippets;

/// <summary>The README's custom transport in use: server and client both know the pipe:// scheme.</summary>
public static class CustomTransport
{
    public static async Task RunAsync()
    {
        #region README
        var serverOptions = new RompServerOptions { Transports = { new NamedPipeTransport() } };
        await using var server = new RompServer("pipe://romp-calc", serverOptions);
        server.Bind<ICalculator>("calc", new Calculator());
        await server.StartAsync();

        var clientOptions = new RompClientOptions { Transports = { new NamedPipeTransport() } };
        await using RompClient client = await RompClient.ConnectAsync("pipe://romp-calc", clientOptions);
        ICalculator calc = await client.ResolveAsync<ICalculator>("calc");
        #endregion
        Console.WriteLine($"named pipe: 20 + 22 = {await calc.AddAsync(20, 22)}");
    }
}
