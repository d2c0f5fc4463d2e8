using System.Buffers;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// Turns our own <see cref="System.Diagnostics.Metrics"/> instruments into Prometheus text. A
/// <see cref="MeterListener"/> listens to the meters created by one <see cref="IMeterFactory"/> whose names start
/// with <see cref="MeterNamePrefix"/> (plus any meter named in an override), aggregates pushed measurements per label
/// set, and polls observable instruments on every scrape. Families keep metrics-server's names where an override
/// says so; everything else gets a derived name.
/// </summary>
internal sealed partial class OperatorMetricsCollector : IDisposable
{
    public const string MeterNamePrefix = "MetricsOperator";

    private readonly IMeterFactory _meterFactory;
    private readonly Dictionary<(string Meter, string Instrument), PrometheusFamilyOverride> _overrides = [];
    private readonly Dictionary<string, MetricFamily> _families = new(StringComparer.Ordinal);
    private readonly Dictionary<MetricFamily, int> _instrumentCounts = [];
    private readonly Lock _familiesLock = new();
    private readonly Lock _collectLock = new();
    private readonly MeterListener _listener;
    private readonly ILogger<OperatorMetricsCollector> _logger;

    public OperatorMetricsCollector(
        IMeterFactory meterFactory, IEnumerable<PrometheusFamilyOverride> overrides, ILogger<OperatorMetricsCollector> logger)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(logger);
        _meterFactory = meterFactory;
        _logger = logger;
        foreach (var entry in overrides)
        {
            _overrides[(entry.MeterName, entry.InstrumentName)] = entry;
        }

        _listener = new MeterListener
        {
            InstrumentPublished = OnInstrumentPublished,
            MeasurementsCompleted = OnMeasurementsCompleted,
        };
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((MetricFamily)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((MetricFamily)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>
    /// Changes a histogram's buckets (e.g. the tick histogram after the resolution changed); the family starts
    /// afresh. Applies to the family when its instrument appears if it does not exist yet.
    /// </summary>
    public void SetHistogramBuckets(string familyName, IReadOnlyList<double> upperBounds)
    {
        lock (_familiesLock)
        {
            foreach (var (key, entry) in _overrides.Where(pair => pair.Value.FamilyName == familyName).ToList())
            {
                _overrides[key] = entry with { Buckets = upperBounds };
            }

            if (_families.TryGetValue(familyName, out var family) && family is HistogramFamily histogram)
            {
                histogram.ReplaceBounds(upperBounds);
            }
        }
    }

    /// <summary>Polls the observable instruments and writes every family, sorted by name, in text format 0.0.4.</summary>
    public void WriteTo(IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        lock (_collectLock)
        {
            var families = SnapshotFamilies();
            foreach (var family in families)
            {
                family.BeginCollection();
            }

            try
            {
                _listener.RecordObservableInstruments();
            }
            catch (Exception e)
            {
                // One failing callback must not take the whole endpoint down; its families are simply empty.
                LogObservationFailed(e);
            }

            var writer = new PrometheusTextWriter(output);
            foreach (var family in families)
            {
                family.Write(writer);
            }
        }
    }

    public void Dispose() => _listener.Dispose();

    private List<MetricFamily> SnapshotFamilies()
    {
        lock (_familiesLock)
        {
            var families = new List<MetricFamily>(_families.Values);
            families.Sort(static (a, b) => string.CompareOrdinal(a.Name, b.Name));
            return families;
        }
    }

    private void OnInstrumentPublished(Instrument instrument, MeterListener listener)
    {
        if (!ReferenceEquals(instrument.Meter.Scope, _meterFactory))
        {
            return;
        }

        MetricFamily? family;
        lock (_familiesLock)
        {
            _overrides.TryGetValue((instrument.Meter.Name, instrument.Name), out var entry);
            if (entry is null && !IsOurMeter(instrument.Meter.Name))
            {
                return;
            }

            family = Bind(instrument, entry);
        }

        if (family is not null)
        {
            listener.EnableMeasurementEvents(instrument, family);
        }
    }

    // Called with _familiesLock held.
    private MetricFamily? Bind(Instrument instrument, PrometheusFamilyOverride? entry)
    {
        if (!InstrumentShape.TryDescribe(instrument, out var shape))
        {
            LogUnsupportedInstrument(instrument.Meter.Name, instrument.Name, instrument.GetType().Name);
            return null;
        }

        var name = entry?.FamilyName ?? PrometheusNaming.FamilyName(instrument, shape.Type);
        if (_families.TryGetValue(name, out var family))
        {
            // Two instruments (say, two meters of one name) feeding one family must aggregate the same way.
            if (family.GetType() != shape.FamilyType || family.Type != shape.Type)
            {
                LogConflictingInstrument(instrument.Meter.Name, instrument.Name, name);
                return null;
            }
        }
        else
        {
            var help = entry?.Help ?? instrument.Description ?? string.Empty;
            family = shape.Create(name, help, entry?.Buckets ?? shape.AdvisedBuckets ?? OperatorMetricFamilies.DefaultBuckets);
            _families.Add(name, family);
        }

        _instrumentCounts[family] = _instrumentCounts.GetValueOrDefault(family) + 1;
        return family;
    }

    private void OnMeasurementsCompleted(Instrument instrument, object? state)
    {
        if (state is not MetricFamily family)
        {
            return;
        }

        lock (_familiesLock)
        {
            // A family whose every instrument is gone (its meter was disposed) leaves the output.
            var remaining = _instrumentCounts.GetValueOrDefault(family) - 1;
            if (remaining > 0)
            {
                _instrumentCounts[family] = remaining;
                return;
            }

            _instrumentCounts.Remove(family);
            _families.Remove(family.Name);
        }
    }

    private static bool IsOurMeter(string meterName) =>
        meterName.StartsWith(MeterNamePrefix, StringComparison.Ordinal)
        && (meterName.Length == MeterNamePrefix.Length || meterName[MeterNamePrefix.Length] == '.');

    [LoggerMessage(EventId = 3001, Level = LogLevel.Error, Message = "An observable instrument failed while /metrics was collected")]
    private partial void LogObservationFailed(Exception exception);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} is of an unsupported kind ({Kind}) and is not exposed")]
    private partial void LogUnsupportedInstrument(string meter, string instrument, string kind);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Instrument {Instrument} of meter {Meter} maps to family {Family}, which another kind of instrument already feeds; it is not exposed")]
    private partial void LogConflictingInstrument(string meter, string instrument, string family);
}
