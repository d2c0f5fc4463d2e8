using System.Diagnostics.Metrics;

namespace MetricsOperator.Scraping;

/// <summary>
/// The scraper's own metrics (meter <see cref="MeterName"/>), modelled on metrics-server's kubelet families but
/// without a per-node label on counters and histograms; the one per-node series (last request time) comes from
/// <see cref="NodeScrapeStates"/> and so disappears with the node.
/// </summary>
internal sealed class ScraperMetrics
{
    public const string MeterName = "MetricsOperator.Scraping";

    private static readonly double[] RequestBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
    private static readonly double[] RoundBuckets = [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 15, 30, 60];
    private static readonly KeyValuePair<string, object?> Succeeded = new("success", "true");
    private static readonly KeyValuePair<string, object?> Failed = new("success", "false");

    private const long NoRound = long.MinValue;

    private readonly NodeScrapeStates _states;
    private readonly Counter<long> _requests;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _roundDuration;
    private RoundCounts _lastRound = new(0, 0);
    private long _lastRoundStartTicks = NoRound;

    public ScraperMetrics(IMeterFactory meterFactory, NodeScrapeStates states)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(states);
        _states = states;
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "metrics_operator.kubelet.requests", "{request}", "Kubelet scrapes, by success (request, status and decoding).");
        _requestDuration = meter.CreateHistogram(
            "metrics_operator.kubelet.request.duration",
            "s",
            "Duration of kubelet scrapes.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RequestBuckets });
        meter.CreateObservableGauge(
            "metrics_operator.kubelet.last_request.time",
            ObserveLastRequestTimes,
            "s",
            "Start of the last request to each listed node's kubelet, in seconds since the Unix epoch.");
        _roundDuration = meter.CreateHistogram(
            "metrics_operator.scrape.round.duration",
            "s",
            "Duration of scrape rounds, from listing nodes to the last node's outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RoundBuckets });
        meter.CreateObservableGauge(
            "metrics_operator.scrape.round.nodes", ObserveLastRound, "{node}", "Nodes scraped and failed in the last round.");
        meter.CreateObservableGauge(
            "metrics_operator.scrape.round.last_start.time",
            ObserveLastRoundStart,
            "s",
            "Start of the last scrape round, in seconds since the Unix epoch (liveness: rounds must keep starting).");
    }

    /// <summary>When the last round started; null before the first. The liveness check reads it.</summary>
    public DateTimeOffset? LastRoundStartedAt =>
        Interlocked.Read(ref _lastRoundStartTicks) is var ticks and not NoRound ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    public void RecordRoundStarted(DateTimeOffset startedAt) => Interlocked.Exchange(ref _lastRoundStartTicks, startedAt.UtcTicks);

    public void RecordRequest(bool success, TimeSpan duration)
    {
        var tag = success ? Succeeded : Failed;
        if (_requests.Enabled)
        {
            _requests.Add(1, tag);
        }

        if (_requestDuration.Enabled)
        {
            _requestDuration.Record(duration.TotalSeconds);
        }
    }

    public void RecordRound(TimeSpan duration, int scraped, int failed)
    {
        Volatile.Write(ref _lastRound, new RoundCounts(scraped, failed));
        if (_roundDuration.Enabled)
        {
            _roundDuration.Record(duration.TotalSeconds);
        }
    }

    private IEnumerable<Measurement<double>> ObserveLastRequestTimes()
    {
        foreach (var state in _states.Snapshot())
        {
            yield return new Measurement<double>(
                state.LastAttempt.ToUnixTimeMilliseconds() / 1000.0, new KeyValuePair<string, object?>("node", state.NodeName));
        }
    }

    private IEnumerable<Measurement<double>> ObserveLastRoundStart()
    {
        if (LastRoundStartedAt is { } started)
        {
            yield return new Measurement<double>(started.ToUnixTimeMilliseconds() / 1000.0);
        }
    }

    private IEnumerable<Measurement<long>> ObserveLastRound()
    {
        var round = Volatile.Read(ref _lastRound);
        yield return new Measurement<long>(round.Scraped, new KeyValuePair<string, object?>("outcome", "scraped"));
        yield return new Measurement<long>(round.Failed, new KeyValuePair<string, object?>("outcome", "failed"));
    }

    private sealed record RoundCounts(int Scraped, int Failed);
}
