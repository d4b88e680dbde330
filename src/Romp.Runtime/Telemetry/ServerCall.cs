using System.Diagnostics;
using Romp.Protocol;

namespace Romp.Telemetry;

/// <summary>
/// One call received, as telemetry sees it: its server span (<see cref="ActivityKind.Server"/>, the child of the caller's
/// span when the call header brought its trace context) and its <c>rpc.server.call.duration</c>, both from when the frame
/// was read until the answer is written (a stream's final frame; a one-way call's end). The span is current while the
/// method runs, so the calls it makes, callbacks included, continue the trace.
/// </summary>
internal readonly struct ServerCall
{
    private readonly Activity? _activity;
    private readonly long _received; // Stopwatch ticks; 0 when the duration is not recorded
    private readonly MethodTelemetry _method;
    private readonly ConnectionTelemetry _connection;

    private ServerCall(Activity? activity, long received, MethodTelemetry method, ConnectionTelemetry connection)
    {
        _activity = activity;
        _received = received;
        _method = method;
        _connection = connection;
    }

    /// <summary>True while someone listens to server spans or durations: the one test a received call makes when nobody does.</summary>
    public static bool IsEnabled => RompInstruments.Source.HasListeners() || RompInstruments.ServerDuration.Enabled;

    /// <summary>
    /// Starts the span of <paramref name="call"/>, read at <paramref name="received"/> (Stopwatch ticks) with
    /// <paramref name="parent"/>, and makes it current. Never throws (a listener that does leaves the call unobserved):
    /// the call must run and finish whatever its observers do.
    /// </summary>
    public static ServerCall Start(IncomingCall call, long received, in TraceParent parent)
    {
        try
        {
            return StartObserving(call, received, in parent);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            ConnectionTelemetry.Faulted(error);
            return default;
        }
    }

    private static ServerCall StartObserving(IncomingCall call, long received, in TraceParent parent)
    {
        MethodTelemetry method = MethodTelemetry.For(call.Export.Contract, call.MethodId);
        ConnectionTelemetry connection = call.Connection.Telemetry;
        Activity? activity = null;
        if (RompInstruments.Source.HasListeners())
        {
            // Without a trace context from the caller, the span starts a trace: the flow that runs a call has no current span.
            ActivityContext caller = parent.IsPresent ? parent.ToActivityContext() : default;
            DateTimeOffset start = DateTimeOffset.UtcNow - Stopwatch.GetElapsedTime(received);
            activity = RompInstruments.Source.StartActivity(method.SpanName, ActivityKind.Server, caller, method.StartTags, links: null, start);
            if (activity is { IsAllDataRequested: true })
                activity.SetTag(RompInstruments.NetworkTransport, connection.Transport);
        }

        return new ServerCall(activity, RompInstruments.ServerDuration.Enabled ? received : 0, method, connection);
    }

    /// <summary>Ends the call, on the flow that runs it, with the error its caller was answered with (null for success). Never throws.</summary>
    public void End(Exception? error)
    {
        if (_method is null)
            return; // never started: a listener threw
        try
        {
            Record(error);
        }
        catch (Exception fault) when (fault is not OutOfMemoryException)
        {
            ConnectionTelemetry.Faulted(fault);
        }
    }

    private void Record(Exception? error)
    {
        string? errorType = error is null ? null : ErrorTypes.Of(error);
        if (_received != 0 && RompInstruments.ServerDuration.Enabled)
        {
            TagList tags = RompInstruments.CallTags(_method.Method, _connection.Transport, errorType);
            RompInstruments.ServerDuration.Record(Stopwatch.GetElapsedTime(_received).TotalSeconds, in tags);
        }

        if (_activity is { } activity)
            ClientCall.Stop(activity, errorType, error);
    }
}
