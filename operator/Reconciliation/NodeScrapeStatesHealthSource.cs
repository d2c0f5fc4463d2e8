using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation;

/// <summary>Reads the scrape health from the scraper's per-node states.</summary>
internal sealed class NodeScrapeStatesHealthSource(NodeScrapeStates states) : IScrapeHealthSource
{
    private readonly NodeScrapeStates _states = states ?? throw new ArgumentNullException(nameof(states));

    public ScrapeStatusSummary Current() => _states.Summarize();
}
