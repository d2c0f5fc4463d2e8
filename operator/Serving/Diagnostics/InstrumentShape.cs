using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>How an instrument's measurements aggregate and which Prometheus type that makes.</summary>
internal sealed class InstrumentShape
{
    private readonly Func<string, string, IReadOnlyList<double>, MetricFamily> _create;

    private InstrumentShape(
        PrometheusMetricType type, Type familyType, Func<string, string, IReadOnlyList<double>, MetricFamily> create, IReadOnlyList<double>? advisedBuckets)
    {
        Type = type;
        FamilyType = familyType;
        _create = create;
        AdvisedBuckets = advisedBuckets;
    }

    public PrometheusMetricType Type { get; }

    public Type FamilyType { get; }

    /// <summary>The instrument's own bucket advice, used when no override names buckets.</summary>
    public IReadOnlyList<double>? AdvisedBuckets { get; }

    public MetricFamily Create(string name, string help, IReadOnlyList<double> buckets) => _create(name, help, buckets);

    public static bool TryDescribe(Instrument instrument, [NotNullWhen(true)] out InstrumentShape? shape)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        var type = instrument.GetType();
        var kind = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        shape = kind switch
        {
            _ when kind == typeof(Counter<>) => Sum(PrometheusMetricType.Counter),
            _ when kind == typeof(UpDownCounter<>) => Sum(PrometheusMetricType.Gauge),
            _ when kind == typeof(Gauge<>) => new InstrumentShape(
                PrometheusMetricType.Gauge, typeof(LastValueFamily), static (name, help, _) => new LastValueFamily(name, help), null),
            _ when kind == typeof(Histogram<>) => new InstrumentShape(
                PrometheusMetricType.Histogram, typeof(HistogramFamily), static (name, help, buckets) => new HistogramFamily(name, help, buckets), Advice(instrument)),
            _ when kind == typeof(ObservableCounter<>) => Observed(PrometheusMetricType.Counter),
            _ when kind == typeof(ObservableUpDownCounter<>) || kind == typeof(ObservableGauge<>) => Observed(PrometheusMetricType.Gauge),
            _ => null,
        };
        return shape is not null;
    }

    private static InstrumentShape Sum(PrometheusMetricType type) =>
        new(type, typeof(SumFamily), (name, help, _) => new SumFamily(name, help, type), null);

    private static InstrumentShape Observed(PrometheusMetricType type) =>
        new(type, typeof(ObservedFamily), (name, help, _) => new ObservedFamily(name, help, type), null);

    private static IReadOnlyList<double>? Advice(Instrument instrument) => instrument switch
    {
        Histogram<double> histogram => histogram.Advice?.HistogramBucketBoundaries,
        Histogram<float> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
        Histogram<long> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
        Histogram<int> histogram => histogram.Advice?.HistogramBucketBoundaries?.Select(static b => (double)b).ToArray(),
        _ => null,
    };
}
