using System.Diagnostics.Metrics;
using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Api;

/// <summary>
/// The API's own metric, metrics-server's <c>metrics_server_api_metric_freshness_seconds</c>: for every item returned,
/// how old its usage timestamp was at response time, with the reference's buckets (1 s × 1.364^k, 20 buckets).
/// </summary>
internal sealed class MetricsApiInstruments
{
    public const string MeterName = "MetricsOperator.Serving.Api";
    public const string FreshnessInstrument = "metrics_server_api_metric_freshness_seconds";

    private readonly Histogram<double> _freshness;

    public MetricsApiInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _freshness = meter.CreateHistogram(
            FreshnessInstrument,
            unit: "s",
            description: "Freshness of metrics exported",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = FreshnessBuckets() });
    }

    public bool Enabled => _freshness.Enabled;

    public void ItemServed(in MeasurementWindow measured, DateTimeOffset now) =>
        _freshness.Record((now - measured.Timestamp).TotalSeconds);

    /// <summary>Prometheus <c>ExponentialBuckets(1, 1.364, 20)</c>.</summary>
    public static double[] FreshnessBuckets()
    {
        var buckets = new double[20];
        var bound = 1.0;
        for (var i = 0; i < buckets.Length; i++)
        {
            buckets[i] = bound;
            bound *= 1.364;
        }

        return buckets;
    }
}
