namespace MetricsOperator.Scraping;

/// <summary>Scrape health over all known nodes, for the status report.</summary>
/// <param name="Total">Nodes with a recorded attempt.</param>
/// <param name="Scraped">Nodes whose last attempt succeeded.</param>
/// <param name="Failing">Nodes whose last attempt failed.</param>
/// <param name="MostCommonFailure">The failure kind shared by most failing nodes; null when none fail.</param>
/// <param name="MostCommonFailureCount">How many failing nodes have that kind.</param>
/// <param name="ExampleNode">One node with that kind (the first by name), to make the message concrete.</param>
/// <param name="ExampleReason">Its reason.</param>
internal sealed record ScrapeStatusSummary(
    int Total,
    int Scraped,
    int Failing,
    ScrapeFailureKind? MostCommonFailure,
    int MostCommonFailureCount,
    string? ExampleNode,
    string? ExampleReason);
