using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Romp.Hosting;

/// <summary>Healthy while the hosted server listens; the registration's failure status before it starts, once it stops, or when its start failed.</summary>
internal sealed class RompServerHealthCheck : IHealthCheck
{
    private readonly IServiceProvider _services;

    public RompServerHealthCheck(IServiceProvider services) => _services = services;

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Looked up here, not when the check is made: the health check service reports what a check throws.
        RompServerHost host = _services.GetService<RompServerHost>()
            ?? throw new InvalidOperationException("AddRompServerCheck checks the server of AddRompServer, which this host does not call.");
        (RompServerStatus status, Exception? failure) = host.Status;
        RompServer? server = host.Server;
        var data = new Dictionary<string, object>
        {
            ["status"] = status.ToString(),
        };
        if (server is not null)
        {
            data["endpoint"] = server.Endpoint;
            data["connections"] = server.ConnectionCount;
        }

        HealthCheckResult result = status switch
        {
            RompServerStatus.Listening => HealthCheckResult.Healthy($"Listening on {server!.Endpoint} with {server.ConnectionCount} connections.", data),
            RompServerStatus.NotStarted => new HealthCheckResult(context.Registration.FailureStatus, "The Romp server has not started.", data: data),
            RompServerStatus.Stopping => new HealthCheckResult(context.Registration.FailureStatus, "The Romp server is stopping.", data: data),
            RompServerStatus.Stopped => new HealthCheckResult(context.Registration.FailureStatus, "The Romp server has stopped.", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"The Romp server failed to start: {failure?.Message}", failure, data),
        };
        return Task.FromResult(result);
    }
}
