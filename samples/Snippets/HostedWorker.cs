using Microsoft.Extensions.Hosting;

namespace Snippets;

#region README
public sealed class HostedWorker(ICalculator calc, IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int sum = await calc.AddAsync(2, 40, stoppingToken);   // the client connected before any hosted service started
        Console.WriteLine($"hosted: 2 + 40 = {sum}");
        lifetime.StopApplication();
    }
}
#endregion
