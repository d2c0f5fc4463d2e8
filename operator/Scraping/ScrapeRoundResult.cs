namespace MetricsOperator.Scraping;

/// <summary>What one round achieved.</summary>
internal readonly record struct ScrapeRoundResult(int Scraped, int Failed, TimeSpan Duration);
