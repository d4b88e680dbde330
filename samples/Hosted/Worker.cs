using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Romp;

namespace Hosted;

/// <summary>The client host's work: it takes the injected proxy, makes a few calls, reports its health and stops the host.</summary>
public sealed class Worker : BackgroundService
{
    private readonly ICalculator _calc;
    private readonly RompClient _client;
    private readonly HealthCheckService _health;
    private readonly IHostApplicationLifetime _lifetime;

    public Worker(ICalculator calc, [FromKeyedServices("backend")] RompClient client, HealthCheckService health, IHostApplicationLifetime lifetime)
    {
        _calc = calc;
        _client = client;
        _health = health;
        _lifetime = lifetime;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            Console.WriteLine($"client: {_client.State} to {_client.Endpoint}");
            Console.WriteLine($"client: 2 + 40 = {await _calc.AddAsync(2, 40, stoppingToken)}");
            try
            {
                await _calc.DivideAsync(1, 0, stoppingToken);
            }
            catch (RemoteException error)
            {
                Console.WriteLine($"client: 1 / 0 failed on the server with {error.RemoteType}");
            }

            HealthReport report = await _health.CheckHealthAsync(stoppingToken);
            Console.WriteLine($"client: health {report.Status} ({report.Entries["romp-client-backend"].Description})");
        }
        finally
        {
            _lifetime.StopApplication();
        }
    }
}
