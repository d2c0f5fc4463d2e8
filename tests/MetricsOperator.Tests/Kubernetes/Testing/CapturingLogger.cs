using System.Collections.Concurrent;

namespace MetricsOperator.Tests.Kubernetes.Testing;

/// <summary>Keeps every log entry for assertions.</summary>
internal sealed class CapturingLogger : ILogger
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyCollection<Entry> Entries => _entries;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, eventId.Id, formatter(state, exception), exception));

    internal sealed record Entry(LogLevel Level, int EventId, string Message, Exception? Exception);
}
