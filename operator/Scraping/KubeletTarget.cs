namespace MetricsOperator.Scraping;

/// <summary>Where one node's resource metrics are fetched from.</summary>
/// <param name="Uri">The kubelet URL as metrics-server builds it; failures name its host.</param>
/// <param name="IsNodeReady">False when the node reports Ready other than True; its failures are expected and logged quietly.</param>
/// <param name="NamedUri">
/// <paramref name="Uri"/> with its IP host written as a <see cref="KubeletHostName"/>, which the production transport
/// requests instead; null when the host is a name already or cannot be written so.
/// </param>
internal sealed record KubeletTarget(string NodeName, Uri Uri, bool IsNodeReady, Uri? NamedUri = null);
