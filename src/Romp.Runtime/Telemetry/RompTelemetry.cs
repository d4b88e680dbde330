namespace Romp;

/// <summary>
/// The names Romp's traces and metrics are published under, following OpenTelemetry's semantic conventions for RPC. Listen
/// to them with OpenTelemetry (<c>AddSource(RompTelemetry.ActivitySourceName)</c>, <c>AddMeter(RompTelemetry.MeterName)</c>)
/// or with an <see cref="System.Diagnostics.ActivityListener"/> and a <see cref="System.Diagnostics.Metrics.MeterListener"/>.
/// While nobody listens, Romp records nothing and sends no trace context.
/// </summary>
/// <remarks>
/// Every call through a proxy makes a client span (<see cref="System.Diagnostics.ActivityKind.Client"/>) named
/// <c>Interface/Method</c>, and the call it arrives as makes a server span that is its child, in another process too: the
/// W3C trace context travels in the call's header (docs/protocol.md §4.1). The instruments and their attributes are
/// listed in the README (Metrics and traces).
/// </remarks>
public static class RompTelemetry
{
    /// <summary>The name of Romp's <see cref="System.Diagnostics.ActivitySource"/>: <c>Romp</c>.</summary>
    public const string ActivitySourceName = "Romp";

    /// <summary>The name of Romp's <see cref="System.Diagnostics.Metrics.Meter"/>: <c>Romp</c>.</summary>
    public const string MeterName = "Romp";
}
