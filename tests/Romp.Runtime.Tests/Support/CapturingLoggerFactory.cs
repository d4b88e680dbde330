using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Romp.Tests.Support;

/// <summary>A logger factory that keeps every entry written at any level, for tests that assert what Romp logs.</summary>
public sealed class CapturingLoggerFactory : ILoggerFactory
{
    private readonly ConcurrentQueue<LogEntry> _entries = new();

    /// <summary>Notified after each entry.</summary>
    public ChangeSignal Logged { get; } = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => throw new NotSupportedException();

    public void Dispose()
    {
    }

    /// <summary>Completes once an entry matching <paramref name="match"/> was written.</summary>
    public async Task<LogEntry> WaitForAsync(Func<LogEntry, bool> match, CancellationToken cancellationToken)
    {
        LogEntry? found = null;
        await Logged.WaitUntilAsync(() => (found = _entries.FirstOrDefault(match)) is not null, over: null, cancellationToken);
        return found!;
    }

    public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception);

    private sealed class Logger(CapturingLoggerFactory factory, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            factory._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
            factory.Logged.Notify();
        }
    }
}
