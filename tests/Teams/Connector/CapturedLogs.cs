using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace OkrBot.Tests.Teams.Connector;

/// <summary>Everything logged through its loggers, message, structured values and exception alike, to search afterwards.</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>All that was logged as one text: each message, each structured value, each exception.</summary>
    public string AllText => string.Join("\n", _entries.Select(e =>
        $"{e.Level} {e.Category}: {e.Message} | {string.Join(" | ", e.Values.Select(v => $"{v.Key}={v.Value}"))} | {e.Exception}"));

    public ILogger<T> For<T>() => new Logger<T>(this);

    public ILogger CreateLogger(string categoryName) => new CategoryLogger(this, categoryName);

    public void Dispose()
    {
    }

    public sealed record Entry(LogLevel Level, string Category, string Message, IReadOnlyList<KeyValuePair<string, object?>> Values, Exception? Exception);

    private class CategoryLogger(CapturedLogs logs, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state as IEnumerable<KeyValuePair<string, object?>> ?? [];
            logs._entries.Enqueue(new Entry(logLevel, category, formatter(state, exception), [.. values], exception));
        }
    }

    private sealed class Logger<T>(CapturedLogs logs) : CategoryLogger(logs, typeof(T).FullName!), ILogger<T>;
}
