using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// The API's own metrics (meter <see cref="MeterName"/>): requests by verb, group, version, resource, scope and
/// status code with their latency, and the freshness of each served item (metrics-server's
/// <c>metrics_server_api_metric_freshness_seconds</c>). Every tag value comes from a fixed set, so series stay bounded.
/// </summary>
internal sealed class ApiInstruments
{
    public const string MeterName = "MetricsOperator.Serving";
    public const string RequestsInstrument = "metrics_operator.api.requests";
    public const string RequestDurationInstrument = "metrics_operator.api.request.duration";
    public const string FreshnessInstrument = "metrics_operator.api.metric_freshness";

    // Status codes as tag strings, made once, so recording a request allocates nothing.
    private static readonly string[] StatusCodes = Enumerable.Range(0, 600).Select(static c => c.ToString(CultureInfo.InvariantCulture)).ToArray();

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _freshness;

    public ApiInstruments(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(RequestsInstrument, "{request}", "Requests served, by verb, group, version, resource, scope and code.");
        _requestDuration = meter.CreateHistogram(
            RequestDurationInstrument,
            "s",
            "Time from receiving a request to its response, by verb, group, version, resource, scope and code.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OperatorMetricFamilies.ApiRequestDurationBuckets });
        _freshness = meter.CreateHistogram(
            FreshnessInstrument,
            "s",
            "Age of each served metrics item (response time minus the item's timestamp).",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = OperatorMetricFamilies.FreshnessBuckets });
    }

    public void RecordRequest(in ApiRequestAttributes request, int statusCode, TimeSpan duration)
    {
        if (!_requests.Enabled && !_requestDuration.Enabled)
        {
            return;
        }

        var tags = new TagList
        {
            { "verb", request.Verb },
            { "group", request.Group },
            { "version", request.Version },
            { "resource", request.Resource },
            { "scope", request.Scope },
            { "code", statusCode is >= 0 and < 600 ? StatusCodes[statusCode] : "other" },
        };
        _requests.Add(1, tags);
        _requestDuration.Record(duration.TotalSeconds, tags);
    }

    /// <summary>One observation per item a response returns, as metrics-server records it.</summary>
    public void RecordFreshness(TimeSpan age) => _freshness.Record(age.TotalSeconds);
}
