using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Romp.Hosting;

/// <summary>
/// Healthy while the named client is connected, degraded while it connects or reconnects, and the registration's
/// failure status once it is closed for good (with the reason).
/// </summary>
internal sealed class RompClientHealthCheck : IHealthCheck
{
    private readonly IServiceProvider _services;
    private readonly string _name;

    public RompClientHealthCheck(string name, IServiceProvider services)
    {
        _name = name;
        _services = services;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        // Looked up here, not when the check is made: the health check service reports what a check throws.
        RompClient client = _services.GetKeyedService<RompClientConnector>(_name)?.Client
            ?? throw new InvalidOperationException($"AddRompClientCheck(\"{_name}\") checks a client that AddRompClient did not register under that name.");
        RompConnectionState state = client.State;
        var data = new Dictionary<string, object>
        {
            ["client"] = _name,
            ["endpoint"] = client.Endpoint,
            ["state"] = state.ToString(),
        };
        HealthCheckResult result = state switch
        {
            RompConnectionState.Connected => HealthCheckResult.Healthy($"The Romp client '{_name}' is connected to {client.Endpoint}.", data),
            RompConnectionState.Connecting => HealthCheckResult.Degraded($"The Romp client '{_name}' is connecting to {client.Endpoint}.", data: data),
            RompConnectionState.Reconnecting => HealthCheckResult.Degraded($"The Romp client '{_name}' lost its connection to {client.Endpoint} and is reconnecting.", data: data),
            _ => new HealthCheckResult(context.Registration.FailureStatus, $"The Romp client '{_name}' is closed: {client.CloseReason?.Message}", client.CloseReason, data),
        };
        return Task.FromResult(result);
    }
}
