using System.Runtime.InteropServices;

namespace MetricsOperator.Scraping;

/// <summary>The outcome of one node's scrape; on success the worker's payload holds the decoded data.</summary>
[StructLayout(LayoutKind.Auto)]
internal readonly record struct NodeScrapeResult(ScrapeFailure? Failure, DateTimeOffset RequestTime, TimeSpan Duration, int PayloadBytes)
{
    public bool Succeeded => Failure is null;
}
