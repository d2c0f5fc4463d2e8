using MetricsOperator.Scraping;

namespace MetricsOperator.Reconciliation;

/// <summary>How this replica's scraper is doing, for the node counts in the MetricsBackend status.</summary>
internal interface IScrapeHealthSource
{
    ScrapeStatusSummary Current();
}
