using Microsoft.Extensions.Logging;

namespace Romp.Hosting.Tests.Support;

/// <summary>A logger provider registered in a host: records every message, and lets a test wait for the first that matches.</summary>
internal sealed class CapturingLoggerProvider : ILoggerProvider
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(20);

    private readonly object _gate = new();
    private readonly List<LogRecord> _records = new();
    private readonly List<(Func<LogRecord, bool> Match, TaskCompletionSource<LogRecord> Found)> _waits = new();

    public IReadOnlyList<LogRecord> Records
    {
        get
        {
            lock (_gate)
                return _records.ToArray();
        }
    }

    /// <summary>The first record, past or future, that <paramref name="match"/> accepts; <see cref="TimeoutException"/> after 20 s.</summary>
    public Task<LogRecord> WaitForAsync(Func<LogRecord, bool> match)
    {
        lock (_gate)
        {
            foreach (LogRecord record in _records)
            {
                if (match(record))
                    return Task.FromResult(record);
            }

            var found = new TaskCompletionSource<LogRecord>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waits.Add((match, found));
            return found.Task.WaitAsync(s_patience);
        }
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private void Add(LogRecord record)
    {
        var found = new List<TaskCompletionSource<LogRecord>>();
        lock (_gate)
        {
            _records.Add(record);
            for (int i = _waits.Count - 1; i >= 0; i--)
            {
                if (_waits[i].Match(record))
                {
                    found.Add(_waits[i].Found);
                    _waits.RemoveAt(i);
                }
            }
        }

        foreach (TaskCompletionSource<LogRecord> wait in found)
            wait.TrySetResult(record);
    }

    internal sealed record LogRecord(string Category, LogLevel Level, EventId EventId, string Message);

    private sealed class Logger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.Add(new LogRecord(category, logLevel, eventId, formatter(state, exception)));
    }
}
