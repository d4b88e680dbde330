using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Romp.Fuzz.Live;

/// <summary>
/// Watches the in-process server for what a crash or an escaped exception looks like without killing the process: an
/// unhandled or unobserved exception on any thread, an error logged, and a connection closed by an exception that is
/// neither a RompException nor the transport's own (a bug in parsing surfaces as ConnectionBroken wrapping it).
/// </summary>
internal sealed class ServerWatch : ILoggerFactory, ILogger
{
    private readonly FuzzFindings _findings;
    private readonly FuzzStats _stats;

    public ServerWatch(FuzzFindings findings, FuzzStats stats)
    {
        _findings = findings;
        _stats = stats;
        AppDomain.CurrentDomain.UnhandledException += OnUnhandled;
        TaskScheduler.UnobservedTaskException += OnUnobserved;
    }

    public void OnConnectionClosed(object? sender, RompConnectionClosedEventArgs e)
    {
        _stats.CloseReasons.AddOrUpdate(e.Error?.Error.ToString() ?? "None", 1, static (_, n) => n + 1);
        for (Exception? inner = e.Error?.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (!IsExpected(inner))
            {
                _findings.Report("unexpected-close-exception", $"a connection closed with {e.Error!.Error} because of {inner.GetType()}: {inner.Message}\n{inner.StackTrace}");
                return;
            }
        }
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.UnhandledException -= OnUnhandled;
        TaskScheduler.UnobservedTaskException -= OnUnobserved;
    }

    ILogger ILoggerFactory.CreateLogger(string categoryName) => this;

    void ILoggerFactory.AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    IDisposable? ILogger.BeginScope<TState>(TState state) => null;

    bool ILogger.IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    void ILogger.Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (logLevel >= LogLevel.Error)
            _findings.Report("server-error-logged", $"{eventId}: {formatter(state, exception)} {exception}");
        else if (exception is not null && !IsExpected(exception))
            _findings.Report("unexpected-logged-exception", $"{eventId}: {formatter(state, exception)} {exception}");
    }

    private static bool IsExpected(Exception error) =>
        error is RompException or IOException or SocketException or OperationCanceledException or ObjectDisposedException or TimeoutException;

    private void OnUnhandled(object sender, UnhandledExceptionEventArgs e) =>
        _findings.Report("unhandled-exception", $"{e.ExceptionObject}");

    private void OnUnobserved(object? sender, UnobservedTaskExceptionEventArgs e)
    {
        foreach (Exception error in e.Exception.Flatten().InnerExceptions)
        {
            // Its own kind, so that a run can tell it from any other: CancelAsync's task dropped by CallCancellation
            // (FuzzFindingTests.TryRequest_RacingReset_LeavesNoUnobservedException reproduces it).
            if (error is ObjectDisposedException { ObjectName: "System.Threading.CancellationTokenSource", StackTrace: null })
            {
                _findings.Report("unobserved-cancel-race", "CancellationTokenSource.CancelAsync's faulted task was dropped (a CANCEL raced a call's end)");
                continue;
            }

            // A task faulted with an exception nobody threw has no stack trace; say so, it tells where to look.
            _findings.Report("unobserved-task-exception", $"{error.GetType()}: {error.Message}\n{error.StackTrace ?? "(never thrown: set on the task directly)"}");
        }

        e.SetObserved();
    }
}
