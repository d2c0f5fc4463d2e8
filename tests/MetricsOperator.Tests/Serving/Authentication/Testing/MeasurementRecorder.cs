using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Tests.Serving.Authentication.Testing;

/// <summary>
/// Records the long counters of the meters one <see cref="IMeterFactory"/> created (so parallel tests do not mix),
/// as sums per instrument and tag set.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _sums = new(StringComparer.Ordinal);

    public MeasurementRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var key = instrument.Name + "{" + string.Join(",", tags.ToArray().OrderBy(tag => tag.Key, StringComparer.Ordinal).Select(tag => $"{tag.Key}={tag.Value}")) + "}";
            _sums.AddOrUpdate(key, value, (_, sum) => sum + value);
        });
        _listener.Start();
    }

    /// <summary>The sum recorded for <c>name{tag=value,…}</c> (tags sorted by key), zero if none.</summary>
    public long Sum(string key) => _sums.TryGetValue(key, out var sum) ? sum : 0;

    public long SumOf(string instrument) => _sums.Where(pair => pair.Key.StartsWith(instrument + "{", StringComparison.Ordinal)).Sum(pair => pair.Value);

    public void Dispose() => _listener.Dispose();
}
