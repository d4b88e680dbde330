using Microsoft.Extensions.Diagnostics.HealthChecks;
using Romp;
using Romp.Hosting;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Health checks of the host's Romp server and clients, for <c>AddHealthChecks()</c>.</summary>
public static class RompHealthChecksBuilderExtensions
{
    /// <summary>
    /// Checks the server of <c>AddRompServer</c>: healthy while it listens (its data has the endpoint and the number of
    /// connections); <paramref name="failureStatus"/> before the host has started it, while it stops and after, and when
    /// its start failed.
    /// </summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="name">The check's name (default "romp-server").</param>
    /// <param name="failureStatus">What an unhealthy server reports (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by.</param>
    public static IHealthChecksBuilder AddRompServerCheck(this IHealthChecksBuilder builder, string name = "romp-server", HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(name);
        return builder.Add(new HealthCheckRegistration(name, static services => new RompServerHealthCheck(services), failureStatus, tags));
    }

    /// <summary>
    /// Checks the client <c>AddRompClient(clientName, ...)</c> registered: healthy while <see cref="RompConnectionState.Connected"/>,
    /// degraded while connecting or <see cref="RompConnectionState.Reconnecting"/>, <paramref name="failureStatus"/> once
    /// <see cref="RompConnectionState.Closed"/> (the reason is the result's exception).
    /// </summary>
    /// <param name="builder">The health checks.</param>
    /// <param name="clientName">The client's name, as given to AddRompClient.</param>
    /// <param name="name">The check's name (default "romp-client-" and the client's name).</param>
    /// <param name="failureStatus">What a closed client reports (default <see cref="HealthStatus.Unhealthy"/>).</param>
    /// <param name="tags">Tags to filter checks by.</param>
    public static IHealthChecksBuilder AddRompClientCheck(this IHealthChecksBuilder builder, string clientName, string? name = null, HealthStatus? failureStatus = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(clientName);
        return builder.Add(new HealthCheckRegistration(name ?? "romp-client-" + clientName, services => new RompClientHealthCheck(clientName, services), failureStatus, tags));
    }
}
