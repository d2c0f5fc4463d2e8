using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Tests.Scraping;

/// <summary>Creates meters scoped to one test and records what their instruments report.</summary>
internal sealed class MetricsProbe : IMeterFactory
{
    private readonly List<Meter> _meters = [];
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public MetricsProbe()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, this))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    public IReadOnlyCollection<Measurement> Measurements => _measurements;

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        _meters.Add(meter);
        return meter;
    }

    /// <summary>Polls the observable instruments (gauges) once.</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    public List<Measurement> Of(string instrument) => _measurements.Where(m => m.Instrument == instrument).ToList();

    public void Clear() => _measurements.Clear();

    public void Dispose()
    {
        _listener.Dispose();
        foreach (var meter in _meters)
        {
            meter.Dispose();
        }
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags) =>
        _measurements.Enqueue(new Measurement(instrument.Name, value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value?.ToString())));

    internal sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
