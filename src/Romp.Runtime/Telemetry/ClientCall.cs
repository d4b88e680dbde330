using System.Diagnostics;
using Romp.Rpc;

namespace Romp.Telemetry;

/// <summary>
/// One call out, as telemetry sees it: its client span (<see cref="ActivityKind.Client"/>, named <c>Interface/Method</c>)
/// and its <c>rpc.client.call.duration</c>. Started by the proxy before anything else, so that it covers a wait for a
/// reconnect and a call sent again; ended when the caller gets the answer or the error. A one-way call ends once its
/// frame is queued, a <c>ONEWAY_SYNC</c> at its acknowledgement, a stream at its final frame or when the consumer stops.
/// A struct that lives in the proxy's async method (or the stream's receiver), so that it costs no allocation of its own.
/// </summary>
internal readonly struct ClientCall
{
    private readonly Activity? _activity;
    private readonly long _started; // Stopwatch ticks; 0 when the duration is not recorded
    private readonly MethodTelemetry _method;
    private readonly ConnectionTelemetry _connection;

    private ClientCall(Activity? activity, long started, MethodTelemetry method, ConnectionTelemetry connection)
    {
        _activity = activity;
        _started = started;
        _method = method;
        _connection = connection;
    }

    /// <summary>True while someone listens to client spans or durations: the one test a call makes when nobody does.</summary>
    public static bool IsEnabled => RompInstruments.Source.HasListeners() || RompInstruments.ClientDuration.Enabled;

    /// <summary>
    /// Starts the span (a child of <see cref="Activity.Current"/>, which it becomes) and the clock of a call to method
    /// <paramref name="methodId"/> of the object behind <paramref name="handle"/>. Never throws: a listener that does
    /// leaves the call unobserved, and the call goes on.
    /// </summary>
    public static ClientCall Start(ImportHandle handle, ushort methodId)
    {
        try
        {
            return StartObserving(handle, methodId);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            ConnectionTelemetry.Faulted(error);
            return default;
        }
    }

    private static ClientCall StartObserving(ImportHandle handle, ushort methodId)
    {
        MethodTelemetry method = MethodTelemetry.For(handle.Contract, methodId);
        ConnectionTelemetry connection = handle.Connection.Telemetry;
        Activity? activity = RompInstruments.Source.HasListeners()
            ? RompInstruments.Source.StartActivity(method.SpanName, ActivityKind.Client, default(ActivityContext), method.StartTags)
            : null;
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(RompInstruments.NetworkTransport, connection.Transport);
            connection.TagServer(activity);
        }

        return new ClientCall(activity, RompInstruments.ClientDuration.Enabled ? Stopwatch.GetTimestamp() : 0, method, connection);
    }

    /// <summary>
    /// The trace context a call header carries to the peer (docs/protocol.md §4.1, tags 2 and 3): the current span's, if
    /// someone listens to Romp's spans and it has W3C ids. While nobody listens, none: not even an ambient one travels.
    /// </summary>
    public static bool TryGetTraceToSend(out ActivityContext context)
    {
        if (RompInstruments.Source.HasListeners() && Activity.Current is { IdFormat: ActivityIdFormat.W3C } current)
        {
            context = current.Context;
            return true;
        }

        context = default;
        return false;
    }

    /// <summary>Makes <paramref name="previous"/> current again, on a flow that started a span it does not run under (a stream's).</summary>
    public static void RestoreCurrent(Activity? previous)
    {
        if (!ReferenceEquals(Activity.Current, previous))
            Activity.Current = previous;
    }

    /// <summary>
    /// Ends the call, on the flow that started it: the duration is recorded, the span stopped, and the span's parent is
    /// current again. Never throws: the caller gets what the call gave, whatever a listener does.
    /// </summary>
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
        if (_started != 0 && RompInstruments.ClientDuration.Enabled)
        {
            TagList tags = RompInstruments.CallTags(_method.Method, _connection.Transport, errorType);
            _connection.AddServerTags(ref tags);
            RompInstruments.ClientDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, in tags);
        }

        if (_activity is { } activity)
            Stop(activity, errorType, error);
    }

    /// <summary>Ends the call from another flow than the one that started it (a stream's final frame, read by the read loop): that flow's current span stays.</summary>
    public void EndElsewhere(Exception? error)
    {
        Activity? current = Activity.Current;
        End(error);
        RestoreCurrent(current);
    }

    /// <summary>Marks a span failed as the conventions say (status Error with the message, <c>error.type</c>), then stops it.</summary>
    internal static void Stop(Activity activity, string? errorType, Exception? error)
    {
        if (errorType is not null && activity.IsAllDataRequested)
        {
            activity.SetTag(RompInstruments.ErrorType, errorType);
            activity.SetStatus(ActivityStatusCode.Error, error!.Message);
        }

        activity.Stop();
    }
}
