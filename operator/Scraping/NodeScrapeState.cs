namespace MetricsOperator.Scraping;

/// <summary>What the scraper last saw of one node; replaced as a whole after every attempt.</summary>
/// <param name="LastAttempt">When the last request started.</param>
/// <param name="LastSuccess">When the last successful request started; null if none succeeded yet.</param>
/// <param name="LastFailure">The most recent failure, kept after a later success so it can still be shown.</param>
/// <param name="LastFailureAt">When <paramref name="LastFailure"/> happened.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success; 0 when the last attempt succeeded.</param>
/// <param name="LastDuration">How long the last attempt took.</param>
/// <param name="LastPayloadBytes">Body size of the last successful scrape.</param>
internal sealed record NodeScrapeState(
    string NodeName,
    DateTimeOffset LastAttempt,
    DateTimeOffset? LastSuccess,
    ScrapeFailure? LastFailure,
    DateTimeOffset? LastFailureAt,
    int ConsecutiveFailures,
    TimeSpan LastDuration,
    int LastPayloadBytes)
{
    public bool IsFailing => ConsecutiveFailures > 0;
}
