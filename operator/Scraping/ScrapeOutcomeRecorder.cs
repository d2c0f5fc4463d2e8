namespace MetricsOperator.Scraping;

/// <summary>
/// Hands each node's outcome to the sink, the state registry, the metrics and the log. Called concurrently by
/// workers, never twice at once for the same node. Repeated identical failures are logged at debug level so a
/// dead kubelet does not flood the log every round; the first failure, a changed cause and recovery are not.
/// </summary>
internal sealed partial class ScrapeOutcomeRecorder
{
    private readonly INodeMetricsSink _sink;
    private readonly NodeScrapeStates _states;
    private readonly ScraperMetrics _metrics;
    private readonly ILogger<ScrapeOutcomeRecorder> _logger;

    public ScrapeOutcomeRecorder(INodeMetricsSink sink, NodeScrapeStates states, ScraperMetrics metrics, ILogger<ScrapeOutcomeRecorder> logger)
    {
        ArgumentNullException.ThrowIfNull(sink);
        ArgumentNullException.ThrowIfNull(states);
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(logger);
        _sink = sink;
        _states = states;
        _metrics = metrics;
        _logger = logger;
    }

    public void Succeeded(KubeletTarget target, DecodedPayload payload, in NodeScrapeResult result)
    {
        _metrics.RecordRequest(success: true, result.Duration);
        try
        {
            _sink.StoreNode(target.NodeName, payload);
        }
        catch (Exception e)
        {
            // A storage bug must cost this node's data, never the round.
            LogSinkFailed(e, target.NodeName);
        }

        _states.TryGet(target.NodeName, out var previous);
        _states.RecordSuccess(target.NodeName, result.RequestTime, result.Duration, result.PayloadBytes);
        if (previous is { IsFailing: true })
        {
            LogRecovered(target.NodeName, previous.ConsecutiveFailures);
        }
    }

    /// <summary>A node no longer scraped: its served data goes.</summary>
    public void Forget(string nodeName)
    {
        try
        {
            _sink.RemoveNode(nodeName);
        }
        catch (Exception e)
        {
            LogSinkFailed(e, nodeName);
        }
    }

    /// <param name="attempted">False when no request was sent (no address); such failures are not counted as requests.</param>
    public void Failed(string nodeName, bool nodeReady, ScrapeFailure failure, DateTimeOffset at, TimeSpan duration, bool attempted)
    {
        if (attempted)
        {
            _metrics.RecordRequest(success: false, duration);
        }

        try
        {
            _sink.MarkNodeFailed(nodeName);
        }
        catch (Exception e)
        {
            LogSinkFailed(e, nodeName);
        }

        var (state, previous) = _states.RecordFailure(nodeName, at, duration, failure);
        var news = previous is not { IsFailing: true, LastFailure: { } last } || last.Kind != failure.Kind;
        if (news && nodeReady)
        {
            LogFailed(nodeName, failure.Kind, failure.Reason);
        }
        else
        {
            LogStillFailing(nodeName, failure.Kind, failure.Reason, state.ConsecutiveFailures, nodeReady);
        }
    }

    [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "Failed to scrape node {Node}: {Reason} ({Kind})")]
    private partial void LogFailed(string node, ScrapeFailureKind kind, string reason);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Debug, Message = "Failed to scrape node {Node} again ({Failures} in a row, ready: {Ready}): {Reason} ({Kind})")]
    private partial void LogStillFailing(string node, ScrapeFailureKind kind, string reason, int failures, bool ready);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Error, Message = "Handing the outcome of node {Node} to storage failed")]
    private partial void LogSinkFailed(Exception exception, string node);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Information, Message = "Scraped node {Node} again after {Failures} failed attempts")]
    private partial void LogRecovered(string node, int failures);
}
