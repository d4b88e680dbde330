using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Snippets;

/// <summary>The README's "Hosting with dependency injection": a server host and a client host, as two programs would write them.</summary>
public static class Hosted
{
    public static async Task RunAsync()
    {
        string[] args = [];
        using IHost server = Server(args);
        await server.StartAsync();
        await Client(args).RunAsync();                       // until HostedWorker stops it; then disposes it
        await server.StopAsync();
    }

    private static IHost Server(string[] args)
    {
        #region README
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddRompServer(o => o.Endpoint = "tcp://0.0.0.0:4242")  // or (builder.Configuration.GetSection("Romp:Server"))
            .Bind<ICalculator, Calculator>("calc");          // made by the container when the host starts, then shared
        builder.Services.AddHealthChecks().AddRompServerCheck();     // healthy while listening
        #endregion
        return builder.Build();
    }

    private static IHost Client(string[] args)
    {
        #region README
        HostApplicationBuilder builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddRompClient("backend", builder.Configuration.GetSection("Romp:Clients:backend"))
            .AddProxy<ICalculator>("calc");                  // any service can now take an ICalculator
        builder.Services.AddHealthChecks().AddRompClientCheck("backend");   // degraded while reconnecting
        builder.Services.AddHostedService<HostedWorker>();
        #endregion
        // What appsettings.json would say.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Romp:Clients:backend:Endpoint"] = "tcp://127.0.0.1:4242" });
        return builder.Build();
    }
}
