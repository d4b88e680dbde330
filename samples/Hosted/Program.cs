// A Romp server and a Romp client, each in its own generic host, as two services of a real deployment would be; here
// in one process so that `dotnet run --project samples/Hosted` shows both and ends by itself.
using Hosted;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Romp;

// The server host: the calculator is made by its container and bound as "calc"; settings from appsettings.json.
HostApplicationBuilder serverBuilder = Host.CreateApplicationBuilder(Settings(args));
serverBuilder.Services.AddSingleton<CallCounter>();
serverBuilder.Services.AddRompServer(serverBuilder.Configuration.GetSection("Romp:Server"))
    .Bind<ICalculator, Calculator>("calc");
serverBuilder.Services.AddHealthChecks().AddRompServerCheck();
using IHost server = serverBuilder.Build();
await server.StartAsync();
string endpoint = server.Services.GetRequiredService<RompServer>().Endpoint;
Console.WriteLine($"server: listening on {endpoint} (health {await HealthAsync(server)})");

// The client host: "backend" connects before the worker starts, and the worker takes ICalculator in its constructor.
HostApplicationBuilder clientBuilder = Host.CreateApplicationBuilder(Settings(args));
clientBuilder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Romp:Clients:backend:Endpoint"] = endpoint });
clientBuilder.Services.AddRompClient("backend", clientBuilder.Configuration.GetSection("Romp:Clients:backend"))
    .AddProxy<ICalculator>("calc");
clientBuilder.Services.AddHealthChecks().AddRompClientCheck("backend");
clientBuilder.Services.AddHostedService<Worker>();
IHost client = clientBuilder.Build();
RompClient backend = client.Services.GetRequiredKeyedService<RompClient>("backend");
await client.RunAsync(); // until the worker has made its calls and stopped it; then it disposes the host
Console.WriteLine($"client: stopped ({backend.State})");

// Ctrl+C would do the same: a graceful stop, which lets calls in flight finish within the shutdown timeout.
await server.StopAsync();
Console.WriteLine($"server: stopped after {server.Services.GetRequiredService<CallCounter>().Calls} calls (health {await HealthAsync(server)})");

// appsettings.json is read from next to the program, wherever it is started from.
static HostApplicationBuilderSettings Settings(string[] args) => new() { Args = args, ContentRootPath = AppContext.BaseDirectory };

static async Task<HealthStatus> HealthAsync(IHost host) => (await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Status;
