namespace MetricsOperator.Scraping;

/// <summary>Where one node's resource metrics are fetched from.</summary>
/// <param name="IsNodeReady">False when the node reports Ready other than True; its failures are expected and logged quietly.</param>
internal sealed record KubeletTarget(string NodeName, Uri Uri, bool IsNodeReady);
