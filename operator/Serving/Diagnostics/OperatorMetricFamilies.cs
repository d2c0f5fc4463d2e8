using MetricsOperator.Storage;

namespace MetricsOperator.Serving.Diagnostics;

/// <summary>
/// The families that keep metrics-server's names (so its dashboards keep working) and the API request families.
/// Every other instrument of our meters is exposed under a derived name (<see cref="PrometheusNaming"/>).
/// </summary>
/// <remarks>
/// Request families (recorded by <see cref="ApiRequestMetricsMiddleware"/>): <c>apiserver_request_total</c> and
/// <c>apiserver_request_duration_seconds</c>, labelled <c>verb</c> (GET, LIST, WATCH or the HTTP method),
/// <c>group</c>, <c>version</c>, <c>resource</c>, <c>scope</c> (cluster, namespace, resource) and <c>code</c>, the
/// names and label values the Kubernetes API server uses, so its request dashboards apply; non-resource requests
/// (discovery, health, /metrics) have empty group, version, resource and scope. The duration buckets start at
/// 0.5 ms, finer than the API server's, because answers are expected in about a millisecond.
/// </remarks>
internal static class OperatorMetricFamilies
{
    public const string KubeletRequestDuration = "metrics_server_kubelet_request_duration_seconds";
    public const string KubeletRequestTotal = "metrics_server_kubelet_request_total";
    public const string KubeletLastRequestTime = "metrics_server_kubelet_last_request_time_seconds";
    public const string ManagerTickDuration = "metrics_server_manager_tick_duration_seconds";
    public const string StoragePoints = "metrics_server_storage_points";
    public const string ApiMetricFreshness = "metrics_server_api_metric_freshness_seconds";
    public const string ApiRequestTotal = "apiserver_request_total";
    public const string ApiRequestDuration = "apiserver_request_duration_seconds";

    private const string ScrapingMeter = "MetricsOperator.Scraping";

    /// <summary>Prometheus' default buckets (Go client <c>DefBuckets</c>).</summary>
    public static readonly IReadOnlyList<double> DefaultBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    public static readonly IReadOnlyList<double> ApiRequestDurationBuckets =
        [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>metrics-server's freshness buckets, <c>ExponentialBuckets(1, 1.364, 20)</c>.</summary>
    public static readonly IReadOnlyList<double> FreshnessBuckets = ExponentialBuckets(1, 1.364, 20);

    public static IReadOnlyList<PrometheusFamilyOverride> Create(TimeSpan resolution) =>
    [
        new(ScrapingMeter, "metrics_operator.kubelet.request.duration", KubeletRequestDuration,
            "[ALPHA] Duration of requests to Kubelet API in seconds", DefaultBuckets),
        new(ScrapingMeter, "metrics_operator.kubelet.requests", KubeletRequestTotal, "[ALPHA] Number of requests sent to Kubelet API"),
        new(ScrapingMeter, "metrics_operator.kubelet.last_request.time", KubeletLastRequestTime,
            "[ALPHA] Time of last request performed to Kubelet API since unix epoch in seconds"),
        new(ScrapingMeter, "metrics_operator.scrape.round.duration", ManagerTickDuration,
            "[ALPHA] The total time spent collecting and storing metrics in seconds", ScrapeDurationBuckets(resolution)),
        new(StorageInstruments.MeterName, StorageInstruments.PointsInstrument, StoragePoints, "[ALPHA] Number of metrics points stored."),
        new(ApiInstruments.MeterName, ApiInstruments.FreshnessInstrument, ApiMetricFreshness, "[ALPHA] Freshness of metrics exported", FreshnessBuckets),
        new(ApiInstruments.MeterName, ApiInstruments.RequestsInstrument, ApiRequestTotal,
            "Requests served, by verb, group, version, resource, scope and HTTP response code."),
        new(ApiInstruments.MeterName, ApiInstruments.RequestDurationInstrument, ApiRequestDuration,
            "Response latency in seconds, by verb, group, version, resource, scope and HTTP response code.", ApiRequestDurationBuckets),
    ];

    /// <summary>
    /// metrics-server's tick buckets: the default buckets, plus, when the resolution exceeds the largest of them,
    /// halfway to the resolution, the resolution, 1.5 × and 2 × the resolution.
    /// </summary>
    public static IReadOnlyList<double> ScrapeDurationBuckets(TimeSpan resolution)
    {
        var largest = DefaultBuckets[^1];
        var seconds = resolution.TotalSeconds;
        if (seconds <= largest)
        {
            return DefaultBuckets;
        }

        return [.. DefaultBuckets, largest + ((seconds - largest) / 2), seconds, seconds * 1.5, seconds * 2];
    }

    /// <summary>As the Go client computes them: each bound is the previous one times the factor (not a power).</summary>
    public static IReadOnlyList<double> ExponentialBuckets(double start, double factor, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(factor, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var buckets = new double[count];
        for (var i = 0; i < count; i++)
        {
            buckets[i] = start;
            start *= factor;
        }

        return buckets;
    }
}
