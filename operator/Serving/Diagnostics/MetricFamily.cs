using System.Runtime.CompilerServices;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// One exposed family: aggregates the measurements of the instruments bound to it and writes itself in text
/// format. Recording is called concurrently from instrument call sites; collection and writing are serialised by
/// the collector.
/// </summary>
internal abstract class MetricFamily(string name, string help, PrometheusMetricType type)
{
    public string Name { get; } = name;

    public string Help { get; } = help;

    public PrometheusMetricType Type { get; } = type;

    public abstract void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags);

    /// <summary>Called before observable instruments report, so series that are no longer reported disappear.</summary>
    public virtual void BeginCollection()
    {
    }

    public void Write(PrometheusTextWriter writer)
    {
        writer.WriteHeader(Name, Help, Type);
        WriteSamples(writer);
    }

    protected abstract void WriteSamples(PrometheusTextWriter writer);
}

/// <summary>Counters and up-down counters: the running sum per series.</summary>
internal sealed class SumFamily(string name, string help, PrometheusMetricType type) : MetricFamily(name, help, type)
{
    private readonly SeriesTable<Cell> _series = new(static () => new Cell());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) => _series.Get(tags).Add(value);

    protected override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (key, cell) in _series.Snapshot())
        {
            writer.WriteSample(Name, default, key, cell.Value);
        }
    }

    private sealed class Cell
    {
        private double _value;

        public double Value => Volatile.Read(ref _value);

        public void Add(double amount)
        {
            var current = Volatile.Read(ref _value);
            while (true)
            {
                var seen = Interlocked.CompareExchange(ref _value, current + amount, current);
                if (seen.Equals(current))
                {
                    return;
                }

                current = seen;
            }
        }
    }
}

/// <summary>Synchronous gauges: the last value recorded per series.</summary>
internal sealed class LastValueFamily(string name, string help) : MetricFamily(name, help, PrometheusMetricType.Gauge)
{
    private readonly SeriesTable<StrongBox<double>> _series = new(static () => new StrongBox<double>());

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        Volatile.Write(ref _series.Get(tags).Value, value);

    protected override void WriteSamples(PrometheusTextWriter writer)
    {
        foreach (var (key, cell) in _series.Snapshot())
        {
            writer.WriteSample(Name, default, key, Volatile.Read(ref cell.Value));
        }
    }
}

/// <summary>
/// Observable instruments: exactly what their callbacks reported in the latest collection. A series the callback
/// stops reporting (a node that left) is gone from the next scrape.
/// </summary>
internal sealed class ObservedFamily(string name, string help, PrometheusMetricType type) : MetricFamily(name, help, type)
{
    // Only touched by the collecting thread, inside the collector's lock.
    private readonly Dictionary<SeriesKey, double> _values = new(SeriesKeyComparer.Instance);

    public override void BeginCollection() => _values.Clear();

    public override void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var key = SeriesKey.From(tags);
        _values[key] = Type == PrometheusMetricType.Counter && _values.TryGetValue(key, out var other) ? other + value : value;
    }

    protected override void WriteSamples(PrometheusTextWriter writer)
    {
        var keys = new List<SeriesKey>(_values.Keys);
        keys.Sort(SeriesKey.Compare);
        foreach (var key in keys)
        {
            writer.WriteSample(Name, default, key, _values[key]);
        }
    }
}
