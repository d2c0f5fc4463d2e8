namespace MetricsOperator.Scraping;

/// <summary>
/// Where the scraper hands each node's outcome. A failed scrape and a node that left the cluster are
/// different inputs: the first keeps serving the last good data until it goes stale, the second drops it.
/// </summary>
internal interface INodeMetricsSink
{
    /// <summary>A successful scrape: the payload replaces everything this node reported before.</summary>
    void StoreNode(string nodeName, DecodedPayload payload);

    /// <summary>A failed scrape (connection error, timeout, non-200, invalid payload).</summary>
    void MarkNodeFailed(string nodeName);

    /// <summary>A node no longer scraped (it left, or the node selector no longer selects it): its data goes at once.</summary>
    void RemoveNode(string nodeName);
}
